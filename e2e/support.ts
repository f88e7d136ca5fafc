import { freePort } from '@kaikukanta/kit/embedded';
import { dropRoles } from '@kaikukanta/kit';
import { createTestDatabase, type TestDatabase } from '@kaikukanta/kit/testing';
import { migrateSystem } from '../scripts/lib/migrate.ts';
import { startSystem, type RunningSystem } from '../scripts/lib/system.ts';
import { SUBGRAPHS } from '../scripts/lib/subgraphs.ts';

export interface E2ESystem extends RunningSystem {
  port: number;
  /** Each subgraph's own port (tests that look at a subgraph directly, e.g. its open connections). */
  subgraphPorts: Record<string, number>;
  graphqlUrl: string;
  db: TestDatabase;
  teardown(): Promise<void>;
}

/**
 * The real system — four subgraph processes and the gateway — on free ports, with demo data in a fresh database,
 * each subgraph under its own role as `npm start` runs them (decision 0010). `db.url` stays the superuser's.
 */
export async function startE2ESystem(adminUrl: string, env: Record<string, string> = {}): Promise<E2ESystem> {
  const db = await createTestDatabase(adminUrl, 'kk_e2e');
  const port = await freePort();
  const subgraphPorts = Object.fromEntries(await Promise.all(SUBGRAPHS.map(async (name) => [name, await freePort()] as const)));
  const { urls } = await migrateSystem(db.url);
  const system = await startSystem({
    databaseUrls: urls,
    gatewayPort: port,
    subgraphPorts,
    quiet: !process.env.E2E_LOGS,
    env: { SEED_DEMO_DATA: 'true', LOG_LEVEL: 'warn', HEARTBEAT_INTERVAL_MS: '250', ...env },
  });
  return {
    ...system,
    port,
    subgraphPorts,
    db,
    graphqlUrl: `http://127.0.0.1:${port}/graphql`,
    teardown: async () => {
      await system.stop();
      await db.drop();
      await dropRoles(adminUrl, new URL(db.url).pathname.slice(1));
    },
  };
}

export interface GatewayResult<T> {
  status: number;
  headers: Headers;
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string } & Record<string, unknown> }[];
}

/** One POST /graphql as a browser or a partner system sends it, with the response headers (cookies). */
export async function gatewayRequest<T = Record<string, unknown>>(
  graphqlUrl: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GatewayResult<T>> {
  const res = await fetch(graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
  return { status: res.status, headers: res.headers, ...((await res.json()) as Omit<GatewayResult<T>, 'status' | 'headers'>) };
}
