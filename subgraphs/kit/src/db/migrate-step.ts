import type { SubgraphName } from '../config.js';
import { migrate, type MikroORM } from './orm.js';
import { actingAs, applyGrants, provisionRoles, SUBGRAPH_NAMES, subgraphRoles, databaseOf } from './roles.js';

/** A subgraph's `createOrm` (its `orm.ts`), given a connection URL. */
export type OrmFactory = (clientUrl: string) => Promise<MikroORM>;

export interface PreparedDatabase {
  /** Each subgraph's own connection (its login role): the only database URL a running service gets. */
  urls: Record<SubgraphName, string>;
  /** Migrations applied by this run, per subgraph. */
  applied: Record<SubgraphName, string[]>;
}

/**
 * The migrate step (decision 0010), run with an administrative (superuser)
 * connection to the system's database before any subgraph starts: creates or
 * updates the roles, applies each subgraph's pending migrations acting as its
 * owner role, then the grants that depend on what the migrations created.
 * `npm start`, the end-to-end harness and the compose `migrate` service run it;
 * a running service never holds the administrative URL.
 */
export async function prepareDatabase(
  adminUrl: string,
  orms: Record<SubgraphName, OrmFactory>,
  passwords: Partial<Record<SubgraphName, string>> = {},
): Promise<PreparedDatabase> {
  const urls = await provisionRoles(adminUrl, passwords);
  const database = databaseOf(adminUrl);
  // Four schemas, four owners: nothing shared, so in parallel (each still takes its schema's migration lock).
  const applied = Object.fromEntries(
    await Promise.all(
      SUBGRAPH_NAMES.map(async (name) => {
        const orm = await orms[name](actingAs(adminUrl, subgraphRoles(database, name).owner));
        try {
          return [name, await migrate(orm)] as const;
        } finally {
          await orm.close();
        }
      }),
    ),
  ) as Record<SubgraphName, string[]>;
  await applyGrants(adminUrl);
  return { urls, applied };
}
