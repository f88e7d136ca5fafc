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

describe('decision 0015: the usage outbox in transaction order', () => {
  it('the later-started transaction committing first is held back until the earlier one commits; nothing skipped, nothing repeated', async () => {
    const sub = reader();
    await sub.poll();
    const early = await connect();
    const late = await connect();
    await early.query('begin');
    const a = await append(early);
    await late.query('begin');
    const b = await append(late);
    await late.query('commit');
    expect(await sub.poll()).toEqual([]);
    await early.query('commit');
    expect(ids(await sub.poll())).toEqual([a, b]);
    expect(await sub.poll()).toEqual([]);
  });

  it('rows whose ids run against their transactions’ order are read in transaction order (ids are not the cursor)', async () => {
    const sub = reader();
    await sub.poll();
    const first = await connect();
    const second = await connect();
    await first.query('begin');
    await first.query('select pg_current_xact_id()');
    await second.query('begin');
    const lowerId = await append(second);
    const higherId = await append(first);
    await second.query('commit');
    expect(await sub.poll()).toEqual([]);
    await first.query('commit');
    const batch = await sub.poll();
    expect(ids(batch)).toEqual([higherId, lowerId]);
    expect((batch[0] as UsageOutboxEvent).id).toBeGreaterThan((batch[1] as UsageOutboxEvent).id);
    expect(await sub.poll()).toEqual([]);
  });

  it('a batch never splits a transaction: a limit of 1 still returns all of a group visit’s rows', async () => {
    const sub = reader();
    await sub.poll();
    const client = await connect();
    await client.query('begin');
    const group = [await append(client), await append(client), await append(client)];
    await client.query('commit');
    const other = await append(client);
    const batch = await sub.poll();
    expect(ids(batch)).toEqual([...group, other]);
    const limited = reader(1);
    // From the start of the outbox, one transaction at a time; the group comes whole.
    let polls = 0;
    while ((await limited.poll()).length) polls += 1;
    expect(ids(limited.seen).slice(-4)).toEqual([...group, other]);
    expect(polls).toBeLessThan(limited.seen.length);
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
    while ((await sub.poll()).length);
    expect(sub.seen.length).toBe(written.length);
    expect(new Set(ids(sub.seen))).toEqual(new Set(written));
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
