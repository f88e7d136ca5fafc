import { fileURLToPath } from 'node:url';
import {
  DEFAULT_PORTS,
  DEV_IDENTITY_SECRET,
  isProduction,
  LOG_LEVELS,
  readEnum,
  readInt,
  readSecret,
  readString,
  readUrl,
  type Env,
  type LogLevel,
  type SubgraphName,
} from '@kaikukanta/kit';

export interface GatewayConfig {
  port: number;
  host: string;
  production: boolean;
  logLevel: LogLevel;
  identitySecret: string;
  /** GraphQL HTTP URL of each subgraph; its WebSocket URL is derived (ws:// on the same path). */
  subgraphUrls: Record<SubgraphName, string>;
  /** Time one subgraph fetch may take before the gateway gives up on it. */
  subgraphTimeoutMs: number;
  /** Folder of the built web app served at `/`. */
  webRoot: string;
  supergraphPath: string;
  bodyLimit: number;
  /** Reverse proxies in front of the gateway whose X-Forwarded-For entry is believed (0: none, use the socket address). */
  trustedProxyHops: number;
}

const repoPath = (relative: string) => fileURLToPath(new URL(`../../${relative}`, import.meta.url));

export function loadConfig(env: Env = process.env): GatewayConfig {
  const production = isProduction(env);
  const url = (name: SubgraphName) =>
    readUrl(env, `${name.toUpperCase()}_URL`, `http://127.0.0.1:${readInt(env, `${name.toUpperCase()}_PORT`, DEFAULT_PORTS[name])}/graphql`);
  return {
    port: readInt(env, 'GATEWAY_PORT', 4000, 0, 65535),
    host: readString(env, 'HOST', production ? '0.0.0.0' : '127.0.0.1'),
    production,
    logLevel: readEnum(env, 'LOG_LEVEL', LOG_LEVELS, 'info'),
    identitySecret: readSecret(env, 'IDENTITY_SECRET', production, DEV_IDENTITY_SECRET),
    subgraphUrls: { organizations: url('organizations'), cards: url('cards'), usage: url('usage'), statistics: url('statistics') },
    subgraphTimeoutMs: readInt(env, 'SUBGRAPH_TIMEOUT_MS', 10_000, 100, 120_000),
    webRoot: readString(env, 'WEB_ROOT', repoPath('web/build')),
    supergraphPath: readString(env, 'SUPERGRAPH_PATH', repoPath('schema/supergraph.graphql')),
    bodyLimit: readInt(env, 'BODY_LIMIT_BYTES', 2 * 1024 * 1024, 1024, 50 * 1024 * 1024),
    trustedProxyHops: readInt(env, 'TRUSTED_PROXY_HOPS', 0, 0, 10),
  };
}
