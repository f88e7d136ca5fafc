import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { fetchUsageOutbox, USAGE_OUTBOX_COLUMNS, usageOutboxHead, type SubgraphApp, type UsageOutboxEvent } from '@kaikukanta/kit';
import { createTestDatabase, testConfigEnv, type TestDatabase } from '@kaikukanta/kit/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApp } from '../app.js';
import { loadConfig } from '../config.js';

/**
 * Decision 0015: `usage.outbox` is ordered by the writing transaction, not by a global lock. A reader takes only
 * transactions older than every running one, in (xid, id) order, whole transactions per batch, with the last xid
 * as its cursor. These tests commit transactions out of the order they started and drew ids in, and check that a
 * reader following its cursor neither skips nor repeats an event.
 */

let db: TestDatabase;
let sut: SubgraphApp;
const clients: pg.Client[] = [];

beforeAll(async () => {
  db = await createTestDatabase(inject('pgAdminUrl'), 'kk_test_usage_outbox');
  sut = await createApp(loadConfig({ ...testConfigEnv(db.url), USAGE_PORT: '0' }));
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.end().catch(() => undefined)));
  await sut?.close();
  await db?.drop();
});

async function connect(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  clients.push(client);
  return client;
}

/** Appends one row as the writer does (the `xid` column's default is the whole ordering mechanism); returns its usage id. */
async function append(client: pg.Client): Promise<string> {
  const usageId = randomUUID();
  await client.query(
    `insert into usage.outbox (type, usage_id, provider_id, registering_organization_id, event_date, event_kind, card_kind, child_tickets, occurred_at)
     values ('USAGE_REGISTERED', $1, $2, $2, current_date, 'PERFORMANCE', 'PERSONAL', 0, now())`,
    [usageId, randomUUID()],
  );
  return usageId;
}

/** A reader: follows its cursor (the last xid read) as the kit's outbox reader does with `positionOf: e => e.xid`. */
function reader(limit = 500) {
  let cursor = 0;
  const seen: UsageOutboxEvent[] = [];
  return {
    seen,
    async poll(): Promise<UsageOutboxEvent[]> {
      const batch = await sut.orm.em.fork().transactional((em) => fetchUsageOutbox(em, cursor, limit));
      if (batch.length) cursor = (batch[batch.length - 1] as UsageOutboxEvent).xid;
      seen.push(...batch);
      return batch;
    },
  };
}

const ids = (events: UsageOutboxEvent[]) => events.map((e) => e.usageId);

/**
 * Polls until every one of `expected` has been read, then returns the order they were read in. The horizon is the
 * whole cluster's oldest running transaction (decision 0015), so other tests' transactions on the same server may
 * hold events back for a moment: the test waits for them, it never accepts them early, twice or out of order.
 */
async function readUntil(sub: ReturnType<typeof reader>, expected: string[]): Promise<string[]> {
  const wanted = new Set(expected);
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline && !expected.every((id) => ids(sub.seen).includes(id))) {
    await sub.poll();
    await sleep(25);
  }
  const seen = ids(sub.seen).filter((id) => wanted.has(id));
  expect(new Set(seen).size, 'no event read twice').toBe(seen.length);
  return seen;
}

describe('decision 0015: the usage outbox in transaction order', () => {
  it('the later-started transaction committing first is held back until the earlier one commits; nothing skipped, nothing repeated', async () => {
    const sub = reader();
    const early = await connect();
    const late = await connect();
    await early.query('begin');
    const a = await append(early);
    await late.query('begin');
    const b = await append(late);
    await late.query('commit');
    await sub.poll();
    expect(ids(sub.seen)).not.toContain(b);
    await early.query('commit');
    expect(await readUntil(sub, [a, b])).toEqual([a, b]);
  });

  it('rows whose ids run against their transactions’ order are read in transaction order (ids are not the cursor)', async () => {
    const sub = reader();
    const first = await connect();
    const second = await connect();
    await first.query('begin');
    await first.query('select pg_current_xact_id()');
    await second.query('begin');
    const lowerId = await append(second);
    const higherId = await append(first);
    await second.query('commit');
    await sub.poll();
    expect(ids(sub.seen)).not.toContain(lowerId);
    await first.query('commit');
    expect(await readUntil(sub, [higherId, lowerId])).toEqual([higherId, lowerId]);
    const [high, low] = [higherId, lowerId].map((id) => sub.seen.find((e) => e.usageId === id) as UsageOutboxEvent);
    expect(high?.id).toBeGreaterThan(low?.id as number);
  });

  it('a batch never splits a transaction: a limit of 1 still returns all of a group visit’s rows at once', async () => {
    const client = await connect();
    await client.query('begin');
    const group = [await append(client), await append(client), await append(client)];
    await client.query('commit');
    const limited = reader(1);
    await readUntil(limited, group);
    const batch = ids(limited.seen);
    // The three rows arrived in one poll: consecutive, in id order, never a part of them.
    const start = batch.indexOf(group[0] as string);
    expect(batch.slice(start, start + 3)).toEqual(group);
  });

  it('under 16 writers committing in random order while a reader polls, every event is read exactly once', async () => {
    const sub = reader(50);
    while ((await sub.poll()).length);
    sub.seen.length = 0;
    const written: string[] = [];
    let writing = true;
    const writers = Array.from({ length: 16 }, async () => {
      const client = await connect();
      for (let t = 0; t < 15; t++) {
        await client.query('begin');
        const rows = [];
        for (let r = 0; r < 1 + (t % 3); r++) {
          rows.push(await append(client));
          await sleep(Math.random() * 8);
        }
        if (Math.random() < 0.1) {
          await client.query('rollback');
          continue;
        }
        await client.query('commit');
        written.push(...rows);
      }
    });
    const polling = (async () => {
      while (writing) {
        await sub.poll();
        await sleep(2);
      }
    })();
    await Promise.all(writers);
    writing = false;
    await polling;
    // An empty poll is not the end: another test file's open transaction may hold the horizon (decision 0015).
    const read = await readUntil(sub, written);
    expect(read.length).toBe(written.length);
    expect(new Set(read)).toEqual(new Set(written));
    expect(sub.seen.every((e, i) => i === 0 || e.xid > (sub.seen[i - 1] as UsageOutboxEvent).xid || (e.xid === (sub.seen[i - 1] as UsageOutboxEvent).xid && e.id > (sub.seen[i - 1] as UsageOutboxEvent).id))).toBe(true);
    const head = await sut.orm.em.fork().transactional((em) => usageOutboxHead(em));
    expect(head).toBe((sub.seen[sub.seen.length - 1] as UsageOutboxEvent).xid);
  }, 60_000);
});

describe('usage.outbox contract (kit/src/contracts/usage-outbox.ts)', () => {
  it('the table has every column the contract names, xid as xid8', async () => {
    const columns = await sut.orm.em
      .getConnection()
      .execute<{ column_name: string; data_type: string }[]>(`select column_name, data_type from information_schema.columns where table_schema = 'usage' and table_name = 'outbox'`);
    const types = Object.fromEntries(columns.map((c) => [c.column_name, c.data_type]));
    for (const column of USAGE_OUTBOX_COLUMNS) expect(types, column).toHaveProperty(column);
    expect(types.xid).toBe('xid8');
  });
});
