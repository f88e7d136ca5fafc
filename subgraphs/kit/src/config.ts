import type { KeyObject } from 'node:crypto';
import { ConfigError, readEnum, readInt, readOptional, readString, type Env } from './env.js';
import { readIdentityPublicKey } from './identity-keys.js';
import { DEFAULT_EXECUTION_DEADLINE_MS } from './plugins/execution-deadline.js';
import { DEFAULT_RESOLVER_BUDGET } from './plugins/resolver-budget.js';

/** What every subgraph reads from the environment; each subgraph adds its own port. */
export interface SubgraphConfig {
  name: SubgraphName;
  port: number;
  host: string;
  production: boolean;
  databaseUrl: string;
  /** Verifies the gateway's identity tokens (IDENTITY_PUBLIC_KEY); a subgraph never holds the signing key (M1). */
  identityPublicKey: KeyObject;
  logLevel: LogLevel;
  /** Seconds an idle keep-alive connection stays open: above the gateway agent's 15 s so the gateway never writes to a socket the server just closed. */
  keepAliveTimeoutMs: number;
  /** Seed the demo network on start (idempotent): `SEED_DEMO_DATA=true`, set by `npm start`. */
  seedDemoData: boolean;
  /**
   * H4: demo accounts (public password, public partner key) are tolerated in production only on a throw-away
   * demo server: `ALLOW_DEMO_SEED_IN_PRODUCTION=true`. Without it production refuses to seed them or to start beside them.
   */
  allowDemoSeedInProduction: boolean;
  /** H1: field resolutions one GraphQL operation may make (`RESOLVER_BUDGET`). */
  resolverBudget: number;
  /** H1: no field is resolved after this long (`EXECUTION_DEADLINE_MS`); keep it below the gateway's `SUBGRAPH_TIMEOUT_MS`. */
  executionDeadlineMs: number;
}

export type SubgraphName = 'organizations' | 'cards' | 'usage' | 'statistics';
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const DEFAULT_PORTS: Record<SubgraphName, number> = {
  organizations: 4001,
  cards: 4002,
  usage: 4003,
  statistics: 4004,
};

export function isProduction(env: Env): boolean {
  return readOptional(env, 'NODE_ENV') === 'production';
}

export function loadSubgraphConfig(name: SubgraphName, env: Env = process.env): SubgraphConfig {
  const production = isProduction(env);
  const portVar = `${name.toUpperCase()}_PORT`;
  const seedDemoData = readEnum(env, 'SEED_DEMO_DATA', ['true', 'false'] as const, 'false') === 'true';
  const allowDemoSeedInProduction = readEnum(env, 'ALLOW_DEMO_SEED_IN_PRODUCTION', ['true', 'false'] as const, 'false') === 'true';
  if (production && seedDemoData && !allowDemoSeedInProduction) {
    throw new ConfigError(
      'SEED_DEMO_DATA=true is refused with NODE_ENV=production: demo accounts have a public password. Set ALLOW_DEMO_SEED_IN_PRODUCTION=true only on a throw-away demo server',
    );
  }
  return {
    name,
    port: readInt(env, portVar, DEFAULT_PORTS[name], 0, 65535),
    host: readString(env, 'HOST', '127.0.0.1'),
    production,
    databaseUrl: readString(env, 'DATABASE_URL'),
    identityPublicKey: readIdentityPublicKey(env, production),
    logLevel: readEnum(env, 'LOG_LEVEL', LOG_LEVELS, 'info'),
    keepAliveTimeoutMs: 65_000,
    seedDemoData,
    allowDemoSeedInProduction,
    resolverBudget: readInt(env, 'RESOLVER_BUDGET', DEFAULT_RESOLVER_BUDGET, 100),
    executionDeadlineMs: readInt(env, 'EXECUTION_DEADLINE_MS', DEFAULT_EXECUTION_DEADLINE_MS, 100, 600_000),
  };
}
