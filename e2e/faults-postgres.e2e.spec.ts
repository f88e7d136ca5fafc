import { randomUUID } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { addDays, DEMO, todayInFinland } from '@kaikukanta/kit';
import { freePort, startEmbeddedPostgres, type EmbeddedDatabase } from '@kaikukanta/kit/embedded';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayRequest, startE2ESystem, type E2ESystem } from './support.ts';

/**
 * Issue 12: PostgreSQL restarted under load (decision 0020). The file has a PostgreSQL of its own (embedded, in a
 * temporary folder: the shared server serves every other test file and must not restart), stops it amid partner
 * registrations through the gateway and starts it again. The services reconnect by themselves (no restart of
 * theirs), every registration the gateway acknowledged exists exactly once — a partner retries an unanswered one
 * with the same idempotency key, as the partner guide says — and the statistics reader resumes from its position:
 * the national figure equals the rows. statistics-faults.e2e.spec.ts proves the same exactness for a statistics
 * crash; here the fault is the database's.
 */

const O = DEMO.organizations;
const REGISTRATIONS = 240;
const CONCURRENCY = 8;
const CARDS = 60;

let dir: string;
let port: number;
let postgres: EmbeddedDatabase;
let sut: E2ESystem;
let keys: Record<string, string>[] = [];
let analyst: Record<string, string>;
const cardCodes: string[] = [];
let eventId: string;

const gql = <T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
  gatewayRequest<T>(sut.graphqlUrl, query, variables, { 'accept-language': 'en', ...headers });

async function login(email: string): Promise<Record<string, string>> {
  const res = await gql('mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { user { id } } }', { e: email, p: DEMO.password });
  expect(res.errors, email).toBeUndefined();
  return { cookie: (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '' };
}

const startPostgres = () => startEmbeddedPostgres({ dataDir: path.join(dir, 'data'), port, passwordFile: path.join(dir, 'password') });

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'kaikukanta-faults-pg-'));
  // As root, PostgreSQL runs as the `postgres` user, which must be able to enter the folder.
  await chmod(dir, 0o755);
  port = await freePort();
  postgres = await startPostgres();
  sut = await startE2ESystem(postgres.adminUrl, { OUTBOX_POLL_INTERVAL_MS: '200' });
  const [admin, provider] = await Promise.all([login('admin@kaikukanta.demo'), login('lipputoimisto.ttt@kaikukanta.demo')]);
  analyst = await login('analyytikko@kaikukanta.demo');
  const today = todayInFinland();
  for (let i = 0; i < CARDS; i++) cardCodes.push(`E2EP${String(process.pid % 1000).padStart(3, '0')}${String(i).padStart(4, '0')}`);
  await withDb((client) =>
    client.query(
      `insert into cards.card (id, code, kind, distributor_id, region_id, granted_on, valid_until, state, closed_on, out_of_use_reason, child_ticket_limit, created_at, updated_at)
       select gen_random_uuid(), code, 'PERSONAL', $2, $3, $4, $5, 'ACTIVE', null, null, 2, now(), now() from unnest($1::text[]) as code`,
      [cardCodes, O.tampereSocial, DEMO.regions.pirkanmaa, addDays(today, -30), addDays(today, 300)],
    ),
  );
  const event = await gql<{ createEvent: { id: string } }>(
    'mutation ($input: CreateEventInput!) { createEvent(input: $input) { id } }',
    { input: { providerId: O.tampereTheatre, name: 'Tietokanta käynnistyy', kind: 'PERFORMANCE', startsAt: `${addDays(today, 1)}T19:00`, capacity: 3000, cap: 3000 } },
    provider,
  );
  expect(event.errors).toBeUndefined();
  eventId = event.data?.createEvent.id as string;
  keys = await Promise.all(
    [1, 2].map(async () => {
      const res = await gql<{ createApiKey: { secret: string } }>(
        `mutation { createApiKey(organizationId: "${O.lippupiste}", name: "E2E pg ${randomUUID().slice(0, 8)}", scopes: [USAGE_WRITE]) { secret } }`,
        {},
        admin,
      );
      expect(res.errors).toBeUndefined();
      return { authorization: `Bearer ${res.data?.createApiKey.secret}` };
    }),
  );
});

afterAll(async () => {
  await sut?.stop();
  await postgres?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** A fresh superuser connection for one look at the tables (a kept one would die with the restart). */
async function withDb<T>(use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: sut.db.url });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

const REGISTER = 'mutation ($input: RegisterUsageInput!) { registerUsage(input: $input) { usages { id } } }';

/**
 * One registration as a partner system sends it: on no answer or an error answer it waits and sends the same input
 * (same idempotency key) again, until acknowledged; returns the acknowledged use's id and how many tries it took.
 */
async function register(i: number): Promise<{ id: string; tries: number }> {
  const input = { idempotencyKey: `e2e-pg-${randomUUID()}`, eventId, cardCode: cardCodes[i % cardCodes.length], childTickets: i % 3 };
  for (let tries = 1; ; tries++) {
    const res = await gql<{ registerUsage: { usages: { id: string }[] } }>(REGISTER, { input }, keys[i % keys.length]).catch(() => undefined);
    const id = res?.data?.registerUsage.usages[0]?.id;
    if (id && !res?.errors) return { id, tries };
    if (tries > 200) throw new Error(`registration ${i} never acknowledged: ${JSON.stringify(res?.errors ?? 'no answer')}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('PostgreSQL restarted under load (decision 0020)', () => {
  it('R24: registrations keep coming while PostgreSQL stops and starts: services reconnect, every acknowledged use exists once, statistics exact', async () => {
    let restarted: Promise<void> | undefined;
    let downMs = 0;
    const restart = async () => {
      const stopped = performance.now();
      await postgres.stop();
      postgres = await startPostgres();
      downMs = performance.now() - stopped;
    };
    let next = 0;
    let done = 0;
    const acknowledged: { id: string; tries: number }[] = [];
    const worker = async () => {
      for (let i = next++; i < REGISTRATIONS; i = next++) {
        acknowledged.push(await register(i));
        if (++done === REGISTRATIONS / 3) restarted = restart();
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    await restarted;
    expect(restarted).toBeDefined();
    // The restart was felt: some registrations needed more than one try.
    expect(acknowledged.some((a) => a.tries > 1)).toBe(true);

    // Every acknowledged use exists exactly once; nothing else was registered for the event.
    const ids = acknowledged.map((a) => a.id);
    expect(new Set(ids).size).toBe(REGISTRATIONS);
    const rows = await withDb(async (client) => (await client.query<{ id: string }>('select id from usage.usage where event_id = $1', [eventId])).rows.map((r) => r.id));
    expect(rows.sort()).toEqual([...ids].sort());

    // The statistics reader resumed from its position: the national figure equals the rows (outbox-fed, cluster-wide horizon).
    const truth = await withDb(async (client) => Number((await client.query<{ n: string }>('select count(*) as n from usage.usage where cancelled_at is null')).rows[0]?.n));
    await expect
      .poll(
        async () => {
          const res = await gql<{ nationalSummary: { uses: number } }>('{ nationalSummary { uses } }', {}, analyst);
          return res.data?.nationalSummary.uses;
        },
        { timeout: 30_000, interval: 250 },
      )
      .toBe(truth);
    // No service died and none needed a restart.
    expect(await Promise.race([sut.exited, new Promise((resolve) => setTimeout(() => resolve('none'), 10))])).toBe('none');
    console.info(`PostgreSQL down ${Math.round(downMs)} ms; ${acknowledged.filter((a) => a.tries > 1).length} of ${REGISTRATIONS} registrations needed a retry, at most ${Math.max(...acknowledged.map((a) => a.tries))} tries`);
  });
});
