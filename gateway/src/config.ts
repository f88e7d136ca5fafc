import type { KeyObject } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { DEFAULT_PORTS, isProduction, LOG_LEVELS, type LogLevel, type SubgraphName } from '@kaikukanta/kit/config';
import { ConfigError, readEnum, readInt, readOptional, readString, readUrl, type Env } from '@kaikukanta/kit/env';
import { readIdentityPrivateKey, readIdentityPublicKey, sameIdentityKey } from '@kaikukanta/kit/identity-keys';

export interface GatewayConfig {
  port: number;
  host: string;
  production: boolean;
  logLevel: LogLevel;
  /** Signs the identity token of every subgraph fetch (IDENTITY_PRIVATE_KEY); only the gateway holds it (M1). */
  identityPrivateKey: KeyObject;
  /** GraphQL HTTP URL of each subgraph; its WebSocket URL is derived (ws:// on the same path). */
  subgraphUrls: Record<SubgraphName, string>;
  /**
   * Time one fetch to each subgraph may take before the gateway gives up on it and answers the rest with
   * SUBGRAPH_UNAVAILABLE (SUBGRAPH_TIMEOUT_MS, default 10 s; `<NAME>_TIMEOUT_MS` per subgraph). @apollo/gateway has
   * no timeout of its own. Keep each above the subgraphs' EXECUTION_DEADLINE_MS (8 s), so a slow subgraph answers
   * QUERY_TIMEOUT itself before the gateway stops waiting (decision 0020).
   */
  subgraphTimeoutsMs: Record<SubgraphName, number>;
  /**
   * SIGTERM/SIGINT: the longest the gateway takes to stop (SHUTDOWN_TIMEOUT_MS, default 10 s). In-flight requests
   * finish within it, subscribers are told to reconnect (1012), and whatever is still open at the end is cut.
   */
  shutdownTimeoutMs: number;
  /** Folder of the built web app served at `/`. */
  webRoot: string;
  supergraphPath: string;
  bodyLimit: number;
  /** Reverse proxies in front of the gateway whose X-Forwarded-For entry is believed (0: none, use the socket address). */
  trustedProxyHops: number;
  /**
   * L8: the internal port of `/readyz` and `/metrics` (OPS_PORT; default 9400 in production, where the public
   * port no longer answers them; unset in development, where the public port does). Never publish it.
   */
  opsPort: number | undefined;
}

/** The internal ops port in production (L8). */
export const DEFAULT_OPS_PORT = 9400;

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
    identityPrivateKey: readIdentityKeyPair(env, production),
    subgraphUrls: { organizations: url('organizations'), cards: url('cards'), usage: url('usage'), statistics: url('statistics') },
    subgraphTimeoutsMs: subgraphTimeouts(env),
    shutdownTimeoutMs: readInt(env, 'SHUTDOWN_TIMEOUT_MS', 10_000, 1_000, 120_000),
    webRoot: readString(env, 'WEB_ROOT', repoPath('web/build')),
    supergraphPath: readString(env, 'SUPERGRAPH_PATH', repoPath('schema/supergraph.graphql')),
    bodyLimit: readInt(env, 'BODY_LIMIT_BYTES', 2 * 1024 * 1024, 1024, 50 * 1024 * 1024),
    trustedProxyHops: readInt(env, 'TRUSTED_PROXY_HOPS', 0, 0, 10),
    opsPort: (readOptional(env, 'OPS_PORT') ?? production) ? readInt(env, 'OPS_PORT', DEFAULT_OPS_PORT, 0, 65535) : undefined,
  };
}

function subgraphTimeouts(env: Env): Record<SubgraphName, number> {
  const fallback = readInt(env, 'SUBGRAPH_TIMEOUT_MS', 10_000, 100, 120_000);
  const of = (name: SubgraphName) => readInt(env, `${name.toUpperCase()}_TIMEOUT_MS`, fallback, 100, 120_000);
  return { organizations: of('organizations'), cards: of('cards'), usage: of('usage'), statistics: of('statistics') };
}

/**
 * The signing key, checked against IDENTITY_PUBLIC_KEY when that is set too: a
 * gateway whose key the subgraphs cannot verify would be refused everywhere,
 * so it refuses to start instead.
 */
function readIdentityKeyPair(env: Env, production: boolean): KeyObject {
  const privateKey = readIdentityPrivateKey(env, production);
  if (readOptional(env, 'IDENTITY_PUBLIC_KEY') && !sameIdentityKey(privateKey, readIdentityPublicKey(env, production))) {
    throw new ConfigError('IDENTITY_PUBLIC_KEY does not belong to IDENTITY_PRIVATE_KEY');
  }
  return privateKey;
}
