import { randomUUID } from 'node:crypto';
import { addDays, DEMO, todayInFinland } from '@kaikukanta/kit';
import { freePort } from '@kaikukanta/kit/embedded';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { gatewayRequest, startE2ESystem, type E2ESystem } from './support.ts';

/**
 * Issue 10's fault guarantees through the real processes (R24, R25; decisions 0009, 0015): 1,000 registrations
 * through the gateway while the statistics subgraph is SIGKILLed and started again, or while a second statistics
 * instance reads the same outboxes beside it. Afterwards every figure equals the usage rows exactly: no event lost,
 * none counted twice. Registrations come from fresh partner keys of the demo ticket agent (the write throttle counts
 * per key), for fresh events of its client TTT and cards written straight into cards' table.
 */

const O = DEMO.organizations;
const REGISTRATIONS = 1_000;
const CONCURRENCY = 16;
const CANCEL_EVERY = 97;
const KEYS_PER_RUN = 3;
const CARDS = 150;
const EVENTS = 8;

let sut: E2ESystem;
let db: pg.Client;
let admin: Record<string, string>;
let analyst: Record<string, string>;
let provider: Record<string, string>;
const cardCodes: string[] = [];
const eventIds: string[] = [];

const gql = <T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
  gatewayRequest<T>(sut.graphqlUrl, query, variables, { 'accept-language': 'en', ...headers });

async function login(email: string): Promise<Record<string, string>> {
  const res = await gql('mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { activeMembership { role } } }', { e: email, p: DEMO.password });
  expect(res.errors, email).toBeUndefined();
  return { cookie: (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '' };
}

beforeAll(async () => {
  // The usage reader waits for every older transaction of the cluster (decision 0015): poll often, so other test
  // databases on a shared server delay the figures by a fraction of a second, not five.
  sut = await startE2ESystem(inject('pgAdminUrl'), { OUTBOX_POLL_INTERVAL_MS: '200' });
  db = new pg.Client({ connectionString: sut.db.url });
  await db.connect();
  [admin, analyst, provider] = await Promise.all([login('admin@kaikukanta.demo'), login('analyytikko@kaikukanta.demo'), login('lipputoimisto.ttt@kaikukanta.demo')]);
  // Cards: written straight into cards' table (a fixture; the usage subgraph reads them there).
  const today = todayInFinland();
  for (let i = 0; i < CARDS; i++) cardCodes.push(`E2EF${String(process.pid % 1000).padStart(3, '0')}${String(i).padStart(4, '0')}`);
  await db.query(
    `insert into cards.card (id, code, kind, distributor_id, region_id, granted_on, valid_until, state, closed_on, out_of_use_reason, child_ticket_limit, created_at, updated_at)
     select gen_random_uuid(), code, 'PERSONAL', $2, $3, $4, $5, 'ACTIVE', null, null, 2, now(), now() from unnest($1::text[]) as code`,
    [cardCodes, O.tampereSocial, DEMO.regions.pirkanmaa, addDays(today, -30), addDays(today, 300)],
  );
  // Events: kept by TTT's box office through the gateway, caps far above what the runs register.
  for (let i = 0; i < EVENTS; i++) {
    const res = await gql<{ createEvent: { id: string } }>(
      'mutation ($input: CreateEventInput!) { createEvent(input: $input) { id } }',
      { input: { providerId: O.tampereTheatre, name: `Vikasieto ${i + 1}`, kind: 'PERFORMANCE', startsAt: `${addDays(today, 1 + (i % 3))}T19:00`, capacity: 3000, cap: 3000 } },
      provider,
    );
    expect(res.errors).toBeUndefined();
    eventIds.push(res.data?.createEvent.id as string);
  }
});

afterAll(async () => {
  await db?.end();
  await sut?.teardown();
});

/** Fresh partner keys of the demo ticket agent: the write throttle (600 a minute) counts per key. */
async function partnerKeys(count: number): Promise<Record<string, string>[]> {
  const keys: Record<string, string>[] = [];
  for (let i = 0; i < count; i++) {
    const res = await gql<{ createApiKey: { secret: string } }>(
      `mutation { createApiKey(organizationId: "${O.lippupiste}", name: "E2E faults ${randomUUID().slice(0, 8)}", scopes: [USAGE_WRITE]) { secret } }`,
      {},
      admin,
    );
    expect(res.errors).toBeUndefined();
    keys.push({ authorization: `Bearer ${res.data?.createApiKey.secret}` });
  }
  return keys;
}

const REGISTER = 'mutation ($input: RegisterUsageInput!) { registerUsage(input: $input) { usages { id } } }';
const CANCEL = 'mutation ($input: CancelUsageInput!) { cancelUsage(input: $input) { usage { id } } }';

/** Sends `input` until the gateway answers; a retry with the same idempotency key is replayed, never a second use. */
async function send<T>(query: string, input: Record<string, unknown>, headers: Record<string, string>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      const res = await gql<T>(query, { input }, headers);
      if (res.errors) throw new Error(`${res.errors[0]?.extensions?.code}: ${res.errors[0]?.message}`);
      return res.data as T;
    } catch (error) {
      if (attempt >= 3 || !(error instanceof TypeError)) throw error;
    }
  }
}

/**
 * Fires REGISTRATIONS registrations, CONCURRENCY at a time, cancelling every CANCEL_EVERY-th; `at(done)` is called
 * (not awaited by the workers) as registrations complete, for the faults. Resolves with how many were cancelled.
 */
async function fire(at: (done: number) => void): Promise<{ cancelled: number }> {
  const keys = await partnerKeys(KEYS_PER_RUN);
  let next = 0;
  let done = 0;
  let cancelled = 0;
  const worker = async () => {
    for (let i = next++; i < REGISTRATIONS; i = next++) {
      const key = keys[i % keys.length] as Record<string, string>;
      const input = { idempotencyKey: `e2e-${randomUUID()}`, eventId: eventIds[i % eventIds.length], cardCode: cardCodes[(i * 7) % cardCodes.length], childTickets: i % 3 };
      const data = await send<{ registerUsage: { usages: { id: string }[] } }>(REGISTER, input, key);
      if (i % CANCEL_EVERY === CANCEL_EVERY - 1) {
        await send(CANCEL, { idempotencyKey: `e2e-${randomUUID()}`, usageId: data.registerUsage.usages[0]?.id, reason: 'TICKET_RETURNED' }, key);
        cancelled++;
      }
      at(++done);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return { cancelled };
}

async function usagePosition(): Promise<number> {
  const { rows } = await db.query<{ position: string }>(`select position from statistics.reader_position where source = 'usage'`);
  return Number(rows[0]?.position ?? 0);
}

/** Waits until the usage reader's position is at the outbox's newest transaction: everything written is applied. */
async function settled(): Promise<void> {
  await expect
    .poll(
      async () => {
        const { rows } = await db.query<{ caught: boolean }>(
          `select coalesce((select position from statistics.reader_position where source = 'usage'), 0) >= coalesce((select max(xid)::text::bigint from usage.outbox), 0) as caught`,
        );
        return rows[0]?.caught;
      },
      { timeout: 30_000, interval: 100 },
    )
    .toBe(true);
}

/** The truth (usage's rows) beside every derived figure. */
async function figures(): Promise<Record<string, number>> {
  const { rows } = await db.query<Record<string, string>>(
    `with live as (select u.*, c.id as card_id from usage.usage u left join cards.card c on c.code = u.card_code where u.cancelled_at is null)
     select (select count(*) from live) as uses,
            (select coalesce(sum(child_tickets), 0) from live) as child_tickets,
            (select count(*) from (select distinct card_id, date_trunc('year', event_date) from live where card_id is not null) d) as distinct_card_years,
            (select count(*) filter (where type = 'USAGE_REGISTERED') - count(*) filter (where type = 'USAGE_CANCELLED') from usage.outbox) as outbox_net,
            (select count(*) from cards.outbox where type = 'REGISTERED') as cards_registered,
            (select cards_registered from statistics.national_counter where scope = 'national') as counter_cards,
            (select uses from statistics.national_counter where scope = 'national') as counter_uses,
            (select coalesce(sum(uses), 0) from statistics.usage_daily) as daily_uses,
            (select coalesce(sum(child_tickets), 0) from statistics.usage_daily) as daily_child_tickets,
            (select coalesce(sum(uses), 0) from statistics.card_use where period = 'YEAR' and scope_kind = 'NATION') as card_use_uses,
            (select coalesce(sum(cards), 0) from statistics.distinct_cards where period = 'YEAR' and scope_kind = 'NATION') as distinct_cards,
            (select count(*) from (select usage_id, change from statistics.live_usage group by 1, 2 having count(*) > 1) d) as live_doubled`,
  );
  const row = Object.fromEntries(Object.entries(rows[0] ?? {}).map(([k, v]) => [k, Number(v)]));
  const summary = await gql<{ nationalSummary: { uses: number; roundedDownTo: number } }>('{ nationalSummary { uses roundedDownTo } }', {}, analyst);
  expect(summary.errors).toBeUndefined();
  expect(summary.data?.nationalSummary.roundedDownTo).toBe(1);
  return { ...row, api_uses: summary.data?.nationalSummary.uses ?? -1 };
}

function expectExact(f: Record<string, number>): void {
  expect({
    outbox: f.outbox_net,
    api: f.api_uses,
    counter: f.counter_uses,
    daily: f.daily_uses,
    cardUse: f.card_use_uses,
    childTickets: f.daily_child_tickets,
    distinctCards: f.distinct_cards,
    liveDoubled: f.live_doubled,
    cardsRegistered: f.counter_cards,
  }).toEqual({
    outbox: f.uses,
    api: f.uses,
    counter: f.uses,
    daily: f.uses,
    cardUse: f.uses,
    childTickets: f.child_tickets,
    distinctCards: f.distinct_card_years,
    liveDoubled: 0,
    cardsRegistered: f.cards_registered,
  });
}

// Each test runs 1,000 registrations amid restarts: on a busy two-core machine that alone can take a minute, so each
// has 150 s (a bound on a hang, not a speed claim).
describe('statistics under faults, through the real processes', () => {
  it('R24: the statistics subgraph SIGKILLed twice amid 1,000 registrations and started again: no use lost, none counted twice', async () => {
    const before = await figures();
    let restarts = 0;
    // One after the other: the second kill waits for the first restart to be ready.
    let faults = Promise.resolve();
    const restart = async () => {
      await sut.kill('statistics');
      await sut.start('statistics');
      restarts++;
    };
    const { cancelled } = await fire((done) => {
      if (done === Math.round(REGISTRATIONS / 3) || done === Math.round((2 * REGISTRATIONS) / 3)) faults = faults.then(restart);
    });
    await faults;
    expect(restarts).toBe(2);
    await settled();
    const after = await figures();
    expect(cancelled).toBeGreaterThanOrEqual(5);
    expect(Number(after.uses) - Number(before.uses)).toBe(REGISTRATIONS - cancelled);
    expectExact(after);
  }, 150_000);

  it('R24: two statistics instances read the outboxes at once, one SIGKILLed midway and started again: still exact, nothing doubled', async () => {
    // Two fresh instances, the gateway's on its own port and a second one beside it on another.
    await sut.kill('statistics');
    const [first, second] = await Promise.all([sut.start('statistics'), sut.start('statistics', await freePort())]);
    const before = await figures();
    const faults: Promise<unknown>[] = [];
    let aloneFrom = -1;
    let aloneTo = -1;
    // The second instance goes on alone until it has moved the position: it applies batches too, not only waits on the lock.
    const killFirst = async () => {
      await first.kill();
      aloneFrom = await usagePosition();
      await expect.poll(usagePosition, { timeout: 15_000, interval: 50 }).toBeGreaterThan(aloneFrom);
      aloneTo = await usagePosition();
      await sut.start('statistics');
    };
    const { cancelled } = await fire((done) => {
      if (done === Math.round(REGISTRATIONS / 2)) faults.push(killFirst());
    });
    await Promise.all(faults);
    expect(faults).toHaveLength(1);
    expect(aloneTo).toBeGreaterThan(aloneFrom);
    await settled();
    const after = await figures();
    expect(Number(after.uses) - Number(before.uses)).toBe(REGISTRATIONS - cancelled);
    expectExact(after);
    await second.kill('SIGTERM');
  }, 150_000);
});
