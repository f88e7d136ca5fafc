import { randomUUID } from 'node:crypto';
import { addDays, DEMO, todayInFinland, type Identity, type Role, type SubgraphApp } from '@kaikukanta/kit';
import { createTestDatabase, gatewayHeaders, postGraphQL, testConfigEnv, type TestDatabase } from '@kaikukanta/kit/testing';
// The figures are tested end to end: the real organizations, cards and usage subgraphs write the outboxes and the
// published views, as in production (the one place a subgraph's code may start another's).
/* eslint-disable no-restricted-imports */
import { createApp as createCardsApp } from '../../../cards/src/app.js';
import { loadConfig as loadCardsConfig } from '../../../cards/src/config.js';
import { createApp as createOrganizationsApp } from '../../../organizations/src/app.js';
import { loadConfig as loadOrganizationsConfig } from '../../../organizations/src/config.js';
import { createApp as createUsageApp } from '../../../usage/src/app.js';
import { loadConfig as loadUsageConfig } from '../../../usage/src/config.js';
/* eslint-enable no-restricted-imports */
import { createApp } from '../app.js';
import { loadConfig } from '../config.js';

const O = DEMO.organizations;

export interface FiguresSystem {
  db: TestDatabase;
  cards: SubgraphApp;
  usage: SubgraphApp;
  /** A statistics instance; suppressed figures per event (interval 0) unless `env` sets STATISTICS_PUBLISH_INTERVAL_MS. */
  startStatistics(env?: Record<string, string>): Promise<SubgraphApp>;
  close(): Promise<void>;
}

/** Organizations (demo network), cards, usage and statistics on one fresh database. */
export async function startFiguresSystem(adminUrl: string): Promise<FiguresSystem> {
  const db = await createTestDatabase(adminUrl, 'kk_test_figures');
  const organizations = await createOrganizationsApp(loadOrganizationsConfig({ ...testConfigEnv(db.url), ORGANIZATIONS_PORT: '0', SEED_DEMO_DATA: 'true' }));
  const cards = await createCardsApp(loadCardsConfig({ ...testConfigEnv(db.url), CARDS_PORT: '0' }));
  const usage = await createUsageApp(loadUsageConfig({ ...testConfigEnv(db.url), USAGE_PORT: '0', LOG_LEVEL: 'silent' }));
  const statistics = new Set<SubgraphApp>();
  return {
    db,
    cards,
    usage,
    async startStatistics(env = {}) {
      const app = await createApp(
        loadConfig({ ...testConfigEnv(db.url), STATISTICS_PORT: '0', OUTBOX_POLL_INTERVAL_MS: '200', STATISTICS_PUBLISH_INTERVAL_MS: '0', LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', ...env }),
      );
      statistics.add(app);
      const close = app.close.bind(app);
      app.close = async () => {
        statistics.delete(app);
        await close();
      };
      return app;
    },
    async close() {
      for (const app of [...statistics]) await app.close();
      await usage.close();
      await cards.close();
      await organizations.close();
      await db.drop();
    },
  };
}

export function person(role: Role, scope: { organizationId?: string; regionId?: string } = {}): Identity {
  return { kind: 'user', userId: randomUUID(), sessionId: randomUUID(), membership: { id: randomUUID(), role, ...scope } };
}

export type Audience = 'cards' | 'usage' | 'statistics';

export async function gql<T>(app: SubgraphApp, identity: Identity, query: string, variables: Record<string, unknown> = {}, audience: Audience = 'statistics') {
  return postGraphQL<T>(app.server.url, query, variables, await gatewayHeaders(identity, audience));
}

export function sql<T = Record<string, unknown>>(app: SubgraphApp, query: string, params: unknown[] = []): Promise<T[]> {
  return app.orm.em.fork().getConnection().execute(query, params);
}

/** A small deterministic generator (mulberry32), so a failing run can be replayed from its seed. */
export function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return { next, int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)), pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)] as T };
}

export const DISTRIBUTORS = [
  { id: O.tampereSocial, regionId: DEMO.regions.pirkanmaa },
  { id: O.helsinkiSocial, regionId: DEMO.regions.uusimaa },
  { id: O.vaasaHealth, regionId: DEMO.regions.ostrobothnia },
];
export const PROVIDERS = [O.tampereTheatre, O.kansallisteatteri, O.ateneum, O.tampereOpisto, O.vaasaSwimmingHall, O.tampereSciencecentre];

let serial = 0;
export function freshCode(): string {
  serial += 1;
  return `F${String(process.pid % 10_000).padStart(4, '0')}${String(serial).padStart(5, '0')}`;
}

export const today = () => todayInFinland();
export const daysAgo = (days: number) => addDays(todayInFinland(), -days);

/** A kept event of `providerId` on `day` (a fixture in usage's own table; registration is what is under test). */
export async function keptEvent(usage: SubgraphApp, providerId: string, day: string, kind: 'PERFORMANCE' | 'COURSE' = 'PERFORMANCE'): Promise<string> {
  const columns = new Set((await sql<{ column_name: string }>(usage, `select column_name from information_schema.columns where table_schema = 'usage' and table_name = 'event'`)).map((c) => c.column_name));
  const id = randomUUID();
  const row: Record<string, unknown> = {
    id,
    provider_id: providerId,
    name: 'Tilastonäytös',
    kind,
    starts_at: new Date(`${day}T16:00:00Z`),
    cap: null,
    created_at: new Date(),
    ...(columns.has('capacity') ? { capacity: 10_000 } : {}),
    ...(columns.has('updated_at') ? { updated_at: new Date() } : {}),
    ...(columns.has('starts_at_local') ? { starts_at_local: `${day}T18:00` } : {}),
  };
  const names = Object.keys(row);
  await sql(usage, `insert into usage.event (${names.join(', ')}) values (${names.map(() => '?').join(', ')})`, Object.values(row));
  return id;
}

/** Waits until every statistics reader has applied both outboxes up to their heads. */
export async function settled(app: SubgraphApp, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await sql<{ cards: boolean; usage: boolean }>(
      app,
      `select (select position from statistics.reader_position where source = 'cards') >= (select coalesce(max(id), 0) from cards.outbox) as cards,
              (select position from statistics.reader_position where source = 'usage') >= (select coalesce(max(xid::text::bigint), 0) from usage.outbox) as usage`,
    );
    if (row?.cards && row.usage) return;
    if (Date.now() > deadline) throw new Error('statistics did not catch up');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
