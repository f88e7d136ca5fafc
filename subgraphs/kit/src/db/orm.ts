import { Migrator } from '@mikro-orm/migrations';
import pg from 'pg';
import { MikroORM, type EntitySchema, type MigrationObject, type Options } from '@mikro-orm/postgresql';
import type { Logger } from '../logger.js';

export { MikroORM };
export type { EntityManager, MigrationObject, EntitySchema } from '@mikro-orm/postgresql';

export interface OrmSetup {
  clientUrl: string;
  /** The PostgreSQL schema this subgraph owns; its tables and migration log live there and nowhere else. */
  schema: string;
  entities: EntitySchema[];
  /** Migrations listed explicitly, so the compiled service runs exactly the committed set. */
  migrations: MigrationObject[];
  /** Folder of the TypeScript migrations, where `npm run migration:create` writes. */
  migrationsPathTs?: string;
  poolMax?: number;
  logger?: Logger;
  /** Sees every SQL statement before it runs (tests count queries with it). */
  onQuery?: (sql: string) => void;
}

export function ormOptions(setup: OrmSetup): Options {
  // MikroORM reads only host, port, user, password and database from the URL; the libpq `options`
  // parameter (the migrate step's `-c role=<owner>`, roles.ts) goes to the driver here.
  const startupOptions = new URL(setup.clientUrl).searchParams.get('options');
  return {
    clientUrl: setup.clientUrl,
    schema: setup.schema,
    entities: setup.entities,
    extensions: [Migrator],
    migrations: {
      migrationsList: setup.migrations,
      ...(setup.migrationsPathTs ? { path: setup.migrationsPathTs, pathTs: setup.migrationsPathTs } : {}),
      tableName: 'mikro_orm_migrations',
      // Diff against the migrated database, not a snapshot file: one less artifact to keep in step.
      snapshot: false,
      emit: 'ts',
      transactional: true,
      allOrNothing: true,
      silent: true,
    },
    pool: { min: 0, max: setup.poolMax ?? 10 },
    // A request the gateway has given up on (10 s) must not hold a pooled connection, or a row lock, for long.
    driverOptions: {
      statement_timeout: 15_000,
      lock_timeout: 10_000,
      idle_in_transaction_session_timeout: 60_000,
      ...(startupOptions ? { options: startupOptions } : {}),
    },
    // Never the global entity manager: every request and event forks its own (STYLE habit 5).
    allowGlobalContext: false,
    ensureDatabase: false,
    debug: false,
    ...(setup.onQuery ? { onQuery: (sql: string) => (setup.onQuery?.(sql), sql) } : {}),
    logger: (message: string) => setup.logger?.debug({ orm: message }),
  };
}

export async function initOrm(setup: OrmSetup): Promise<MikroORM> {
  return MikroORM.init(ormOptions(setup));
}

/**
 * Applies pending migrations (all in one transaction); returns their names.
 * Replicas starting at once take turns: a session advisory lock per schema,
 * held on its own connection while the migrator runs, keeps the second from
 * racing the first into `CREATE TABLE` (it then finds nothing left to do).
 */
export async function migrate(orm: MikroORM): Promise<string[]> {
  const lock = new pg.Client({ connectionString: orm.config.get('clientUrl') });
  lock.on('error', () => undefined);
  await lock.connect();
  try {
    await lock.query('select pg_advisory_lock(hashtext($1))', [`kaikukanta.migrate.${orm.config.get('schema') ?? 'public'}`]);
    const applied = await orm.migrator.up();
    return applied.map((migration) => migration.name);
  } finally {
    await lock.end();
  }
}

/** SQL that would bring the database in line with the entities: empty when migrations and entities agree. */
export async function schemaDrift(orm: MikroORM): Promise<string> {
  const sql = await orm.schema.getUpdateSchemaSQL({ wrap: false, safe: false, dropTables: true });
  return sql.trim();
}

/** Builds a subgraph's `createOrm(clientUrl, logger?, onQuery?)` from its schema name, entities and migrations. */
export function defineOrm(definition: { schema: string; entities: EntitySchema[]; migrations: MigrationObject[]; migrationsDir: URL }) {
  return (clientUrl: string, logger?: Logger, onQuery?: (sql: string) => void): Promise<MikroORM> =>
    initOrm({
      clientUrl,
      schema: definition.schema,
      entities: definition.entities,
      migrations: definition.migrations,
      migrationsPathTs: definition.migrationsDir.pathname,
      ...(logger ? { logger } : {}),
      ...(onQuery ? { onQuery } : {}),
    });
}
