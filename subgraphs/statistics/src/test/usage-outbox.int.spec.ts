import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { USAGE_OUTBOX, type Identity, type SubgraphApp } from '@kaikukanta/kit';
import { createTestDatabase, gatewayHeaders, postGraphQL, testConfigEnv, type TestDatabase } from '@kaikukanta/kit/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
// The usage subgraph creates its outbox here (its migrations); production code reads only the table (decision 0015).
/* eslint-disable no-restricted-imports */
import { createApp as createUsageApp } from '../../../usage/src/app.js';
import { loadConfig as loadUsageConfig } from '../../../usage/src/config.js';
/* eslint-enable no-restricted-imports */
import { createApp } from '../app.js';
import { loadConfig } from '../config.js';

/**
 * R24, R25: the national number of uses, fed from `usage.outbox` by the kit's reader in transaction order
 * (decision 0015). Statistics polls once a minute here, so what arrives within seconds came by NOTIFY.
 */

let db: TestDatabase;
let usage: SubgraphApp;
let statistics: SubgraphApp | undefined;
const clients: pg.Client[] = [];

const nationalAnalyst = (): Identity => ({ kind: 'user', userId: randomUUID(), sessionId: randomUUID(), membership: { id: randomUUID(), role: 'ANALYST' } });

async function startStatistics(): Promise<SubgraphApp> {
  return createApp(loadConfig({ ...testConfigEnv(db.url), STATISTICS_PORT: '0', OUTBOX_POLL_INTERVAL_MS: '60000' }));
}

async function uses(app: SubgraphApp): Promise<number> {
  const res = await postGraphQL<{ nationalSummary: { uses: number } }>(app.server.url, '{ nationalSummary { uses } }', {}, await gatewayHeaders(nationalAnalyst()));
  expect(res.errors).toBeUndefined();
  return res.data?.nationalSummary.uses ?? -1;
}

async function connect(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  clients.push(client);
  return client;
}

/** Appends as usage's writer does: the row (xid by default) and a NOTIFY delivered at commit. */
async function append(client: pg.Client, type: 'USAGE_REGISTERED' | 'USAGE_CANCELLED' = 'USAGE_REGISTERED'): Promise<void> {
  await client.query(
    `insert into usage.outbox (type, usage_id, provider_id, registering_organization_id, event_date, event_kind, card_kind, child_tickets, occurred_at)
     values ($1, $2, $3, $3, current_date, 'PERFORMANCE', 'PERSONAL', 0, now())`,
    [type, randomUUID(), randomUUID()],
  );
  await client.query('select pg_notify($1, $2)', [USAGE_OUTBOX.channel, type]);
}

beforeAll(async () => {
  db = await createTestDatabase(inject('pgAdminUrl'), 'kk_test_stats_usage');
  usage = await createUsageApp(loadUsageConfig({ ...testConfigEnv(db.url), USAGE_PORT: '0' }));
  statistics = await startStatistics();
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.end().catch(() => undefined)));
  await statistics?.close();
  await usage?.close();
  await db?.drop();
});

// The horizon is the whole cluster's oldest running transaction (decision 0015): another test file's long transaction
// may hold events back for seconds, so the waits are long (they end as soon as the figure is there).
describe('R25: national uses from the usage outbox', { timeout: 120_000 }, () => {
  it('R24: registrations count at once, cancellations count back', async () => {
    const sut = statistics as SubgraphApp;
    const client = await connect();
    await client.query('begin');
    await append(client);
    await append(client);
    await client.query('commit');
    await append(client);
    await vi.waitFor(async () => expect(await uses(sut)).toBe(3), { timeout: 30_000, interval: 100 });
    await append(client, 'USAGE_CANCELLED');
    await vi.waitFor(async () => expect(await uses(sut)).toBe(2), { timeout: 30_000, interval: 100 });
  });

  it('decision 0015: a later-started transaction committing first is counted once both are settled, never skipped or twice', async () => {
    const sut = statistics as SubgraphApp;
    const before = await uses(sut);
    const early = await connect();
    const late = await connect();
    await early.query('begin');
    await append(early);
    await late.query('begin');
    await append(late);
    await late.query('commit');
    // The early transaction still runs: the late one's event waits behind it.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await uses(sut)).toBe(before);
    await early.query('commit');
    await vi.waitFor(async () => expect(await uses(sut)).toBe(before + 2), { timeout: 30_000, interval: 100 });
  });

  it('R24, decision 0015: an unrelated transaction open when the NOTIFY comes delays the event only until it ends, not to the next poll', async () => {
    const sut = statistics as SubgraphApp;
    const before = await uses(sut);
    const other = await connect();
    await other.query('begin');
    await other.query('select pg_current_xact_id()'); // an xid older than the event's, holding the snapshot horizon
    const writer = await connect();
    await append(writer); // committed, NOTIFY delivered, but above the horizon while `other` is open
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await uses(sut)).toBe(before);
    await other.query('commit'); // sends no NOTIFY; this file's poll is a minute
    await vi.waitFor(async () => expect(await uses(sut)).toBe(before + 1), { timeout: 30_000, interval: 100 });
  });

  it('a restarted statistics subgraph goes on from its position: nothing counted twice', async () => {
    const figure = await uses(statistics as SubgraphApp);
    await statistics?.close();
    statistics = await startStatistics();
    const client = await connect();
    await append(client);
    await vi.waitFor(async () => expect(await uses(statistics as SubgraphApp)).toBe(figure + 1), { timeout: 30_000, interval: 100 });
  });
});
