import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { DEMO, USAGE_OUTBOX } from '@kaikukanta/kit';
import { createClient, type Client } from 'graphql-ws';
import pg from 'pg';
import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { gatewayRequest, startE2ESystem, type E2ESystem } from './support.ts';

/**
 * Decision 0016 through the real processes: a subscription selects fields of any subgraph (the gateway subscribes
 * to statistics for keys only and resolves each event as a query with the subscriber's identity), subscribers
 * share one upstream connection and one resolution per event, and a client resumes with `after`.
 * Uses are appended to usage.outbox as usage's registration transaction does, and committed.
 */

const O = DEMO.organizations;
let sut: E2ESystem;
let db: pg.Client;
let analyst: string;
let cultureOfficer: string;

async function login(email: string): Promise<string> {
  const res = await gatewayRequest(sut.graphqlUrl, 'mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { user { id } } }', { e: email, p: DEMO.password });
  expect(res.errors, email).toBeUndefined();
  return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

/** A graphql-ws client as a browser with this cookie (none: anonymous). */
function connect(cookie?: string): Client {
  const WithCookie = class extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols, { headers: { 'accept-language': 'en', ...(cookie ? { cookie } : {}) } });
    }
  };
  return createClient({ url: `ws://127.0.0.1:${sut.port}/graphql`, webSocketImpl: WithCookie, retryAttempts: 0 });
}

/** One committed use at `providerId`, as usage's registration writes it (row + NOTIFY at commit). */
async function registerUse(providerId: string = O.tampereTheatre): Promise<void> {
  await db.query('begin');
  await db.query(
    `insert into usage.outbox (type, usage_id, provider_id, registering_organization_id, event_date, event_kind, card_kind, child_tickets, occurred_at)
     values ('USAGE_REGISTERED', $1, $2, $2, current_date, 'PERFORMANCE', 'PERSONAL', 1, now())`,
    [randomUUID(), providerId],
  );
  await db.query('select pg_notify($1, $2)', [USAGE_OUTBOX.channel, 'USAGE_REGISTERED']);
  await db.query('commit');
}

type Result = { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { code?: string } }[] };

/** Collects what a subscription sends; `ended` resolves when it completes or errs. */
function collect(client: Client, query: string, variables: Record<string, unknown> = {}) {
  const results: Result[] = [];
  let stop: () => void = () => undefined;
  const ended = new Promise<void>((resolve) => {
    stop = client.subscribe(
      { query, variables },
      {
        next: (value) => void results.push(value as Result),
        error: (errors) => {
          results.push({ errors: errors as Result['errors'] });
          resolve();
        },
        complete: () => resolve(),
      },
    );
  });
  return { results, ended, stop: () => stop() };
}

/** Established TCP connections to `port` (the kernel's tables): as in websocket-limits.e2e.spec.ts. */
async function establishedTo(port: number): Promise<number> {
  let count = 0;
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const text = await readFile(table, 'utf8').catch(() => '');
    for (const line of text.split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      if (state === '01' && local && Number.parseInt(local.split(':').at(-1) ?? '', 16) === port) count += 1;
    }
  }
  return count;
}

async function metric(name: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${sut.port}/metrics`)).text();
  return Number(new RegExp(`^${name} (\\d+)`, 'm').exec(text)?.[1] ?? 0);
}
const liveResolutions = () => metric('kaikukanta_live_resolutions_total');

const WATCH = `subscription Watch($provider: ID) {
  usageRecorded(providerId: $provider) { sequence change childTickets provider { name region { code name { fi } } } }
}`;

beforeAll(async () => {
  sut = await startE2ESystem(inject('pgAdminUrl'));
  db = new pg.Client({ connectionString: sut.db.url });
  await db.connect();
  analyst = await login('analyytikko@kaikukanta.demo');
  cultureOfficer = await login('kulttuurivastaava.tampere@kaikukanta.demo');
}, 120_000);

afterAll(async () => {
  await db?.end();
  await sut?.teardown();
});

describe('federated subscriptions (decision 0016)', () => {
  it('R24: every event carries fields the organizations subgraph owns (the provider’s name, its region’s name)', async () => {
    const client = connect(analyst);
    const sub = collect(client, WATCH, { provider: O.tampereTheatre });
    try {
      await expect.poll(() => establishedTo(sut.subgraphPorts.statistics as number)).toBeGreaterThan(0);
      await new Promise((resolve) => setTimeout(resolve, 300));
      for (let i = 0; i < 3; i++) await registerUse();
      await registerUse(O.ateneum); // another provider: filtered out upstream
      await expect.poll(() => sub.results.length, { timeout: 10_000 }).toBe(3);
      const sequences = sub.results.map((r) => (r.data?.usageRecorded as { sequence: number }).sequence);
      expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
      for (const result of sub.results) {
        expect(result.errors).toBeUndefined();
        expect(result.data?.usageRecorded).toMatchObject({ change: 'REGISTERED', childTickets: 1, provider: { name: expect.stringMatching(/Tampereen Työväen Teatteri|TTT/), region: { code: 'PIRKANMAA', name: { fi: 'Pirkanmaa' } } } });
      }
    } finally {
      sub.stop();
      await client.dispose();
    }
  }, 30_000);

  it('R27: the same refusal as the query — UNAUTHENTICATED when anonymous, FORBIDDEN for a regional culture officer', async () => {
    const query = '{ liveUsage(sequence: 1) { sequence provider { name } } }';
    for (const [cookie, code] of [[undefined, 'UNAUTHENTICATED'], [cultureOfficer, 'FORBIDDEN']] as const) {
      const asQuery = await gatewayRequest(sut.graphqlUrl, query, {}, { 'accept-language': 'en', ...(cookie ? { cookie } : {}) });
      expect(asQuery.errors?.[0]?.extensions?.code).toBe(code);
      const client = connect(cookie);
      const sub = collect(client, WATCH);
      await sub.ended;
      await client.dispose();
      expect(sub.results).toEqual([{ errors: [expect.objectContaining({ message: asQuery.errors?.[0]?.message, extensions: expect.objectContaining({ code }) })] }]);
    }
  }, 30_000);

  it('50 subscribers of one document: one upstream connection at statistics and one resolution per event', async () => {
    const statistics = sut.subgraphPorts.statistics as number;
    await expect.poll(() => metric('kaikukanta_live_upstream_connections'), { timeout: 5_000 }).toBe(0);
    // Idle HTTP keep-alive connections of earlier queries are in the baseline; the subscribers add one WebSocket.
    const baseline = await establishedTo(statistics);
    // 25 sockets with two subscriptions each: 50 subscribers, within the 50 sockets one address may open (H2).
    const clients = Array.from({ length: 25 }, () => connect(analyst));
    const subs = clients.flatMap((client) => [collect(client, WATCH, { provider: O.tampereTheatre }), collect(client, WATCH, { provider: O.tampereTheatre })]);
    try {
      await expect.poll(() => metric('kaikukanta_websocket_connections'), { timeout: 10_000 }).toBe(25);
      await expect.poll(() => metric('kaikukanta_live_upstream_connections'), { timeout: 10_000 }).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await metric('kaikukanta_live_upstream_connections')).toBe(1);
      expect(await metric('kaikukanta_live_upstream_subscriptions')).toBe(1);
      expect(await establishedTo(statistics)).toBeLessThanOrEqual(baseline + 1);
      const before = await liveResolutions();
      const EVENTS = 3;
      for (let i = 0; i < EVENTS; i++) await registerUse();
      await expect.poll(() => subs.every((s) => s.results.length === EVENTS), { timeout: 15_000 }).toBe(true);
      expect(await liveResolutions()).toBe(before + EVENTS);
      expect(subs.every((s) => s.results.every((r) => !r.errors && (r.data?.usageRecorded as { provider: { name: string } }).provider.name))).toBe(true);
    } finally {
      await Promise.all(clients.map((client) => client.dispose()));
    }
    await expect.poll(() => metric('kaikukanta_live_upstream_connections'), { timeout: 5_000 }).toBe(0);
  }, 40_000);

  it('a client that reconnects with `after` gets the events it missed, once each, then live ones', async () => {
    const first = connect(analyst);
    const seen = collect(first, WATCH, { provider: O.tampereTheatre });
    await new Promise((resolve) => setTimeout(resolve, 500));
    await registerUse();
    await registerUse();
    await expect.poll(() => seen.results.length, { timeout: 10_000 }).toBe(2);
    const last = (seen.results[1]?.data?.usageRecorded as { sequence: number }).sequence;
    await first.dispose();

    await registerUse();
    await registerUse();
    await registerUse(O.ateneum);
    const second = connect(analyst);
    const resumed = collect(second, 'subscription Resume($after: Int, $provider: ID) { usageRecorded(after: $after, providerId: $provider) { sequence provider { name } } }', {
      after: last,
      provider: O.tampereTheatre,
    });
    try {
      await expect.poll(() => resumed.results.length, { timeout: 10_000 }).toBe(2);
      await registerUse();
      await expect.poll(() => resumed.results.length, { timeout: 10_000 }).toBe(3);
      const sequences = resumed.results.map((r) => (r.data?.usageRecorded as { sequence: number }).sequence);
      expect(sequences.every((s) => s > last)).toBe(true);
      expect(new Set(sequences).size).toBe(3);
      expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
    } finally {
      await second.dispose();
    }
  }, 40_000);
});
