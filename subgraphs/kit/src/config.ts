import { readEnum, readInt, readOptional, readSecret, readString, type Env } from './env.js';

export const DEV_IDENTITY_SECRET = 'kaikukanta-development-identity-secret-not-for-production';

/** What every subgraph reads from the environment; each subgraph adds its own port. */
export interface SubgraphConfig {
  name: SubgraphName;
  port: number;
  host: string;
  production: boolean;
  databaseUrl: string;
  identitySecret: string;
  logLevel: LogLevel;
  /** Seconds an idle keep-alive connection stays open: above the gateway agent's 15 s so the gateway never writes to a socket the server just closed. */
  keepAliveTimeoutMs: number;
  /** Seed the demo network on start (idempotent): `SEED_DEMO_DATA=true`, set by `npm start`. */
  seedDemoData: boolean;
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
  return {
    name,
    port: readInt(env, portVar, DEFAULT_PORTS[name], 0, 65535),
    host: readString(env, 'HOST', '127.0.0.1'),
    production,
    databaseUrl: readString(env, 'DATABASE_URL'),
    identitySecret: readSecret(env, 'IDENTITY_SECRET', production, DEV_IDENTITY_SECRET),
    logLevel: readEnum(env, 'LOG_LEVEL', LOG_LEVELS, 'info'),
    keepAliveTimeoutMs: 65_000,
    seedDemoData: readEnum(env, 'SEED_DEMO_DATA', ['true', 'false'] as const, 'false') === 'true',
  };
}
