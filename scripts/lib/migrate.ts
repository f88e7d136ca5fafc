import { prepareDatabase, type OrmFactory, type PreparedDatabase } from '@kaikukanta/kit';
import { loadSubgraph, SUBGRAPHS, type SubgraphName } from './subgraphs.ts';

/**
 * The migrate step for the compiled subgraphs (decision 0010): roles, every
 * schema's migrations as its owner, grants. `adminUrl` is a superuser
 * connection to the system's database; the URLs it returns are the subgraphs'.
 */
export async function migrateSystem(adminUrl: string): Promise<PreparedDatabase> {
  const orms = Object.fromEntries(await Promise.all(SUBGRAPHS.map(async (name) => [name, (await loadSubgraph(name)).createOrm] as const)));
  return prepareDatabase(adminUrl, orms as Record<SubgraphName, OrmFactory>);
}
