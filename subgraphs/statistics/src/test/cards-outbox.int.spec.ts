import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { DEMO, type Identity, type SubgraphApp } from '@kaikukanta/kit';
import { createTestDatabase, gatewayHeaders, gatewayToken, postGraphQL, testConfigEnv, type TestDatabase } from '@kaikukanta/kit/testing';
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { WebSocket } from 'ws';
// This test plays both ends of the outbox, so it runs the real cards subgraph as the event source: the one place a
// subgraph's code may start another's. Production code still crosses only through the outbox table.
/* eslint-disable no-restricted-imports */
import { createApp as createCardsApp } from '../../../cards/src/app.js';
import { loadConfig as loadCardsConfig } from '../../../cards/src/config.js';
import { OUTBOX_LOCK_KEY } from '../../../cards/src/modules/outbox/outbox.js';
/* eslint-enable no-restricted-imports */
import { createApp } from '../app.js';
import { loadConfig } from '../config.js';
import { NATIONAL_SUMMARY_CHANGED, NATIONAL_SUMMARY_PUBLISHED_CHANGED } from '../modules/summary/summary.publisher.js';
import { pubSub } from '../schema.js';

/**
 * The cards outbox feeding the national figures (ARCHITECTURE "Data ownership
 * and consistency", R24): both subgraphs on one database, as in production.
 * The statistics apps poll only once a minute here, so whatever arrives within
 * a few seconds came through NOTIFY (or the catch-up at start).
 */

const SEEDED_CARDS = 52;
const running = new Set<SubgraphApp>();
const databases: TestDatabase[] = [];
let db: TestDatabase;
let cards: SubgraphApp;

async function startCards(): Promise<{ db: TestDatabase; cards: SubgraphApp }> {
  const database = await createTestDatabase(inject('pgAdminUrl'), 'kk_test_stats');
  databases.push(database);
  const app = await createCardsApp(loadCardsConfig({ ...testConfigEnv(database.url), CARDS_PORT: '0', SEED_DEMO_DATA: 'true' }));
  running.add(app);
  return { db: database, cards: app };
}

async function startStatistics(databaseUrl = db.url): Promise<SubgraphApp> {
  const app = await createApp(loadConfig({ ...testConfigEnv(databaseUrl), STATISTICS_PORT: '0', OUTBOX_POLL_INTERVAL_MS: '60000', LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent' }));
  running.add(app);
  return app;
}

async function stop(app: SubgraphApp): Promise<void> {
  running.delete(app);
  await app.close();
}

const distributor = (): Identity => ({
  kind: 'user',
  userId: randomUUID(),
  sessionId: randomUUID(),
  membership: { id: randomUUID(), role: 'DISTRIBUTOR', organizationId: DEMO.organizations.tampereSocial, regionId: DEMO.regions.pirkanmaa },
});

let serial = 0;
/** Registers a community card (no background data needed) through the cards API, as the gateway would forward it. */
async function registerCard(app: SubgraphApp = cards): Promise<void> {
  serial += 1;
  const code = `ST${String(process.pid % 10_000).padStart(4, '0')}${String(serial).padStart(4, '0')}`;
  const res = await postGraphQL(app.server.url, 'mutation ($input: RegisterCardInput!) { registerCard(input: $input) { id } }', { input: { code, kind: 'COMMUNITY' } }, await gatewayHeaders(distributor(), 'cards'));
  expect(res.errors).toBeUndefined();
}

/** A national analyst: sees the national figures exact (R27 rounds them for everyone else). */
const nationalAnalyst = (): Identity => ({ kind: 'user', userId: randomUUID(), sessionId: randomUUID(), membership: { id: randomUUID(), role: 'ANALYST' } });

interface Summary {
  cardsRegistered: number;
  updatedAt: string | null;
  roundedDownTo: number;
}

async function nationalSummary(app: SubgraphApp, identity: Identity): Promise<Summary | undefined> {
  const res = await postGraphQL<{ nationalSummary: Summary }>(app.server.url, '{ nationalSummary { cardsRegistered updatedAt roundedDownTo } }', {}, await gatewayHeaders(identity));
  expect(res.errors).toBeUndefined();
  return res.data?.nationalSummary;
}

async function cardsRegistered(app: SubgraphApp): Promise<number> {
  const res = await postGraphQL<{ nationalSummary: { cardsRegistered: number } }>(app.server.url, '{ nationalSummary { cardsRegistered } }', {}, await gatewayHeaders(nationalAnalyst()));
  expect(res.errors).toBeUndefined();
  return res.data?.nationalSummary.cardsRegistered ?? -1;
}

async function sql<T>(app: SubgraphApp, query: string, params: unknown[] = []): Promise<T[]> {
  return app.orm.em.fork().execute<T[]>(query, params);
}

/** Reads until `done` holds or `timeoutMs` passes, and returns the last value (the caller asserts on it). */
async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Waits until the statistics reader has applied the whole outbox, then returns the count: the figure can no longer move. */
async function settledCount(app: SubgraphApp): Promise<number> {
  const read = async () => {
    const [row] = await sql<{ position: string; head: string }>(
      app,
      `select (select position from statistics.reader_position where source = 'cards') as position, (select coalesce(max(id), 0) from cards.outbox) as head`,
    );
    return row;
  };
  const row = await eventually(read, (r) => r?.position === r?.head);
  expect(row?.position).toBe(row?.head);
  return cardsRegistered(app);
}

beforeAll(async () => {
  ({ db, cards } = await startCards());
});

afterAll(async () => {
  for (const app of [...running].reverse()) await app.close();
  for (const database of databases) await database.drop();
});

describe('statistics reads the cards outbox', () => {
  let sut: SubgraphApp;

  beforeAll(async () => {
    // Started after the cards seed has written its events.
    sut = await startStatistics();
  });

  it('R24: counts the 52 seeded registrations exactly once, and no ending or taking out of use', async () => {
    expect(await settledCount(sut)).toBe(SEEDED_CARDS);
    // The seed also appends one ENDED and one TAKEN_OUT_OF_USE event, which change no figure yet.
    const [outbox] = await sql<{ n: string }>(sut, 'select count(*) as n from cards.outbox');
    expect(Number(outbox?.n)).toBe(SEEDED_CARDS + 2);
  });

  it('R24: counts a card registered through the cards API within moments (woken by NOTIFY, not the minute poll)', async () => {
    const before = await settledCount(sut);
    await registerCard();
    expect(await eventually(() => cardsRegistered(sut), (n) => n === before + 1, 3_000)).toBe(before + 1);
  });

  it('listens again after losing its LISTEN connection, and counts what was announced while it was gone', async () => {
    const before = await settledCount(sut);
    const listeners = "select pid from pg_stat_activity where datname = current_database() and application_name = 'outbox-reader:cards'";
    const killed = await sql<{ ok: boolean }>(sut, `select pg_terminate_backend(pid) as ok from (${listeners}) l`);
    expect(killed).toEqual([{ ok: true }]);
    await registerCard();
    expect(await eventually(() => cardsRegistered(sut), (n) => n === before + 1, 4_000)).toBe(before + 1);
    expect(await eventually(async () => (await sql(sut, listeners)).length, (n) => n === 1)).toBe(1);
    await registerCard();
    expect(await eventually(() => cardsRegistered(sut), (n) => n === before + 2, 3_000)).toBe(before + 2);
  });

  it('counts nothing twice when the statistics subgraph restarts', async () => {
    const before = await settledCount(sut);
    await stop(sut);
    sut = await startStatistics();
    expect(await settledCount(sut)).toBe(before);
  });

  it('catches up at start on events written while it was down', async () => {
    const before = await settledCount(sut);
    await stop(sut);
    await registerCard();
    await registerCard();
    sut = await startStatistics();
    expect(await settledCount(sut)).toBe(before + 2);
  });

  it('L4: any insert into the outbox, even one bypassing the app (a backfill), makes later appends wait, so a late REGISTERED is never skipped', async () => {
    const before = await settledCount(sut);
    const inserted = Promise.withResolvers<void>();
    const release = Promise.withResolvers<void>();
    // A registration event written by hand, as a backfill in psql would: it draws its id, then stays uncommitted.
    const slow = cards.orm.em.fork().transactional(async (em) => {
      await em.execute(
        `insert into cards.outbox (type, card_id, card_kind, distributor_id, region_id, effective_on, valid_until, occurred_at)
         select 'REGISTERED', id, kind, distributor_id, region_id, granted_on, valid_until, now() from cards.card where code = 'AM99001000'`,
      );
      inserted.resolve();
      await release.promise;
    });
    await inserted.promise;
    let registration: Promise<void> | undefined;
    try {
      registration = registerCard();
      const waiting = await eventually(
        async () => (await sql<{ n: string }>(sut, "select count(*) as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and wait_event = 'advisory'"))[0]?.n,
        (n) => n === '1',
      );
      expect(waiting).toBe('1');
    } finally {
      release.resolve();
      await slow;
      await registration;
    }
    // The backfill drew its id first and committed first; the registration that waited for it comes after it.
    const events = await sql<{ type: string; card_id: string }>(sut, 'select type, card_id from cards.outbox order by id desc limit 2');
    expect(events.map((e) => e.type)).toEqual(['REGISTERED', 'REGISTERED']);
    // Both registrations count: a reader that had skipped the late one would settle at before + 1.
    expect(await settledCount(sut)).toBe(before + 2);
  });

  it('L4: the outbox trigger takes the very lock key the app documents', async () => {
    const [row] = await sql<{ src: string }>(sut, "select prosrc as src from pg_proc where proname = 'outbox_append_lock_fn'");
    expect(row?.src).toContain(`pg_advisory_xact_lock(${OUTBOX_LOCK_KEY})`);
  });
});

describe('several statistics replicas on one outbox', () => {
  it('count each event exactly once while catching up together and while registrations arrive', async () => {
    const source = await startCards();
    // One after the other: two processes migrating one empty schema at the same moment collide (docs/decisions/0009).
    const a = await startStatistics(source.db.url);
    const b = await startStatistics(source.db.url);
    expect(await settledCount(a)).toBe(SEEDED_CARDS);
    // Ten commits at once wake both replicas together; they take turns on the position row.
    await Promise.all(Array.from({ length: 10 }, () => registerCard(source.cards)));
    expect(await settledCount(a)).toBe(SEEDED_CARDS + 10);
    expect(await cardsRegistered(b)).toBe(SEEDED_CARDS + 10);
    await Promise.all([stop(a), stop(b), stop(source.cards)]);
  });
});

describe('L4: an outbox whose ids restarted below the reader position', () => {
  it('L4: a running reader reports not ready; a starting one refuses to start', async () => {
    const source = await startCards();
    const reader = await startStatistics(source.db.url);
    const readyz = async () => (await fetch(reader.server.url.replace(/\/graphql$/, '/readyz'))).status;
    try {
      expect(await settledCount(reader)).toBe(SEEDED_CARDS);
      expect(await readyz()).toBe(200);
      // As after restoring an old dump or re-creating the table: the sequence starts again from 1.
      await sql(reader, 'truncate cards.outbox restart identity');
      await registerCard(source.cards);
      expect(await eventually(readyz, (status) => status !== 200)).toBe(503);
      await expect(startStatistics(source.db.url)).rejects.toThrow(/below the applied position/);
    } finally {
      await Promise.all([stop(reader), stop(source.cards)]);
    }
  });
});

describe('nationalSummaryChanged', () => {
  it('R24: delivers the new exact figure to a national analyst after a registration', async () => {
    const sut = await startStatistics();
    const before = await settledCount(sut);
    const client = createClient({
      url: sut.server.url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      connectionParams: async () => ({ identity: await gatewayToken(nationalAnalyst(), 'statistics') }),
    });
    try {
      const received = Promise.withResolvers<{ cardsRegistered: number } | 'failed'>();
      client.subscribe<{ nationalSummaryChanged: { cardsRegistered: number; updatedAt: string } }>(
        { query: 'subscription { nationalSummaryChanged { cardsRegistered updatedAt } }' },
        {
          next: (result) => received.resolve(result.data?.nationalSummaryChanged ?? 'failed'),
          error: () => received.resolve('failed'),
          complete: () => received.resolve('failed'),
        },
      );
      // Registering before the server has subscribed would publish to nobody.
      expect(await eventually(async () => pubSub.listenerCount(NATIONAL_SUMMARY_CHANGED), (n) => n > 0)).toBeGreaterThan(0);
      await registerCard();
      const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 5_000).unref());
      expect(await Promise.race([received.promise, timeout])).toMatchObject({ cardsRegistered: before + 1 });
    } finally {
      await client.dispose();
      await stop(sut);
    }
  });

  it('R27: the public hears only when the rounded figure changes: two consecutive live values differ by ten, and no single registration shows', async () => {
    const sut = await startStatistics();
    const before = await settledCount(sut);
    const received: Summary[] = [];
    const client = createClient({
      url: sut.server.url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      connectionParams: async () => ({ identity: await gatewayToken({ kind: 'anonymous' }, 'statistics') }),
    });
    try {
      client.subscribe<{ nationalSummaryChanged: Summary }>(
        { query: 'subscription { nationalSummaryChanged { cardsRegistered updatedAt roundedDownTo } }' },
        { next: (result) => void (result.data && received.push(result.data.nationalSummaryChanged)), error: () => undefined, complete: () => undefined },
      );
      expect(await eventually(async () => pubSub.listenerCount(NATIONAL_SUMMARY_PUBLISHED_CHANGED), (n) => n > 0)).toBeGreaterThan(0);
      // One registration at a time up to the next ten: none of them but the last may be heard.
      const toNextTen = 10 - (before % 10);
      for (let i = 1; i < toNextTen; i += 1) {
        await registerCard();
        expect(await settledCount(sut)).toBe(before + i);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(received).toEqual([]);
      await registerCard();
      expect(await eventually(async () => received.length, (n) => n > 0)).toBeGreaterThan(0);
      // Every statistics app in this process publishes to the one pubSub (each replica tells its own subscribers), so
      // the one change may arrive once per running app — always the same value.
      const [live] = received;
      for (const other of received) expect(other).toEqual(live);
      expect(live).toMatchObject({ cardsRegistered: before + toNextTen, roundedDownTo: 10 });
      expect(live?.updatedAt).toMatch(/T\d{2}:00:00\.000Z$/);
      // The previous public value was the ten below: the step is ten, not the one registration that crossed it.
      expect((live?.cardsRegistered ?? 0) - Math.floor(before / 10) * 10).toBe(10);
    } finally {
      await client.dispose();
      await stop(sut);
    }
  });
});

describe('R27: the national figures as published', () => {
  it('R27: anonymous and regional callers get them rounded down to tens and timed to the hour; national admins and analysts exact', async () => {
    const sut = await startStatistics();
    try {
      if ((await settledCount(sut)) % 10 === 0) await registerCard();
      const exact = await settledCount(sut);
      expect(exact % 10).not.toBe(0);
      const regionalAnalyst: Identity = { kind: 'user', userId: randomUUID(), sessionId: randomUUID(), membership: { id: randomUUID(), role: 'ANALYST', regionId: DEMO.regions.pirkanmaa } };
      for (const identity of [{ kind: 'anonymous' } as const, distributor(), regionalAnalyst]) {
        const summary = await nationalSummary(sut, identity);
        expect(summary).toMatchObject({ cardsRegistered: Math.floor(exact / 10) * 10, roundedDownTo: 10 });
        expect(summary?.updatedAt).toMatch(/T\d{2}:00:00\.000Z$/);
      }
      const nationalAdmin: Identity = { kind: 'user', userId: randomUUID(), sessionId: randomUUID(), membership: { id: randomUUID(), role: 'NATIONAL_ADMIN' } };
      for (const identity of [nationalAnalyst(), nationalAdmin]) expect(await nationalSummary(sut, identity)).toMatchObject({ cardsRegistered: exact, roundedDownTo: 1 });
    } finally {
      await stop(sut);
    }
  });
});
