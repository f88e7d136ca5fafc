import { freePort } from '@kaikukanta/kit/embedded';
import { createTestDatabase, type TestDatabase } from '@kaikukanta/kit/testing';
import { startSystem, type RunningSystem } from '../scripts/lib/system.ts';
import { SUBGRAPHS } from '../scripts/lib/subgraphs.ts';

export interface E2ESystem extends RunningSystem {
  port: number;
  graphqlUrl: string;
  db: TestDatabase;
  teardown(): Promise<void>;
}

/** The real system — four subgraph processes and the gateway — on free ports, with demo data in a fresh database. */
export async function startE2ESystem(adminUrl: string, env: Record<string, string> = {}): Promise<E2ESystem> {
  const db = await createTestDatabase(adminUrl, 'kk_e2e');
  const port = await freePort();
  const subgraphPorts = Object.fromEntries(await Promise.all(SUBGRAPHS.map(async (name) => [name, await freePort()] as const)));
  const system = await startSystem({
    databaseUrl: db.url,
    gatewayPort: port,
    subgraphPorts,
    quiet: !process.env.E2E_LOGS,
    env: { SEED_DEMO_DATA: 'true', LOG_LEVEL: 'warn', HEARTBEAT_INTERVAL_MS: '250', ...env },
  });
  return {
    ...system,
    port,
    db,
    graphqlUrl: `http://127.0.0.1:${port}/graphql`,
    teardown: async () => {
      await system.stop();
      await db.drop();
    },
  };
}
