import type { GraphQLSchema } from 'graphql';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { SubgraphConfig } from './config.js';
import { contextFactory } from './context.js';
import { migrate, type MikroORM } from './db/orm.js';
import { createLogger, type Logger } from './logger.js';
import { startSubgraphServer, type InternalRoute, type RunningServer } from './server.js';

export interface SubgraphDefinition<TConfig extends SubgraphConfig> {
  createOrm: (clientUrl: string, logger: Logger, onQuery?: (sql: string) => void) => Promise<MikroORM>;
  buildSchema: () => Promise<{ schema: GraphQLSchema }>;
  /** Idempotent demo data, run after migrations when the config asks for it. */
  seed?: (em: EntityManager, config: TConfig) => Promise<void>;
  /** Checks the stored data after migrations, before seeding or serving; throws to refuse to start (e.g. H4: demo accounts in production). */
  preflight?: (em: EntityManager, config: TConfig, logger: Logger) => Promise<void>;
  /** Background work started with the server (e.g. event readers); returns its stop function, optionally with a readiness check. */
  startWorkers?: (orm: MikroORM, logger: Logger) => Promise<WorkersHandle>;
  /** Largest GraphQL request body in bytes (2 MiB by default; usage takes sales-report files as base64). */
  bodyLimit?: number;
  subscriptions?: boolean;
  /** Gateway-only JSON endpoints, given the ORM. */
  internalRoutes?: (orm: MikroORM) => Record<string, InternalRoute>;
}

/** Stops the workers; `ready`, when given, is part of `/readyz` (e.g. an outbox reader that found its outbox behind, L4). */
export type WorkersHandle = (() => Promise<void>) & { ready?: () => Promise<void> };

export interface AppOptions {
  logger?: Logger;
  /** Sees every SQL statement (tests count queries per batch). */
  onQuery?: (sql: string) => void;
}

export interface SubgraphApp {
  orm: MikroORM;
  server: RunningServer;
  logger: Logger;
  close(): Promise<void>;
}

/**
 * Builds and starts one subgraph: ORM, migrations, optional demo seed, schema,
 * HTTP (+WS) server. Both `index.ts` and the tests call this, so tests run the
 * very same wiring with their own config (STYLE habit 3).
 */
export async function createSubgraphApp<TConfig extends SubgraphConfig>(
  definition: SubgraphDefinition<TConfig>,
  config: TConfig,
  options: AppOptions = {},
): Promise<SubgraphApp> {
  const logger = options.logger ?? createLogger(config.name, config.logLevel);
  const orm = await definition.createOrm(config.databaseUrl, logger, options.onQuery);
  let stopWorkers: WorkersHandle = async () => undefined;
  try {
    // Under its own role (decision 0010) a service finds nothing pending, the migrate step having run; with a
    // superuser URL (a single subgraph in a test) it still migrates its schema here.
    const applied = await migrate(orm).catch((error: unknown) => {
      if ((error as { code?: string }).code !== '42501') throw error;
      throw new Error(`${config.name}: migrations are pending and its database role may not apply them; run the migrate step first (docs/decisions/0010-database-roles.md)`, { cause: error });
    });
    if (applied.length) logger.info({ applied }, 'migrations applied');
    if (definition.preflight) await definition.preflight(orm.em.fork(), config, logger);
    if (config.seedDemoData && definition.seed) await definition.seed(orm.em.fork(), config);
    const { schema } = await definition.buildSchema();
    if (definition.startWorkers) stopWorkers = await definition.startWorkers(orm, logger);
    const server = await startSubgraphServer({
      config,
      schema,
      logger,
      subscriptions: definition.subscriptions ?? false,
      ...(definition.bodyLimit ? { bodyLimit: definition.bodyLimit } : {}),
      ...(definition.internalRoutes ? { internalRoutes: definition.internalRoutes(orm) } : {}),
      context: contextFactory(orm.em),
      ready: async () => {
        await orm.em.getConnection().execute('select 1');
        await stopWorkers.ready?.();
      },
      dispose: async () => {
        await stopWorkers();
        await orm.close();
      },
    });
    return { orm, server, logger, close: () => server.close() };
  } catch (error) {
    // Workers hold connections and timers of their own (e.g. an outbox reader's LISTEN client).
    await stopWorkers().catch(() => undefined);
    await orm.close();
    throw error;
  }
}
