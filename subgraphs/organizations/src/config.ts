import { loadSubgraphConfig, readInt, type Env, type SubgraphConfig } from '@kaikukanta/kit';

/** L3: a session unused for 30 minutes no longer resolves; the 12-hour absolute limit stays. */
export const DEFAULT_SESSION_IDLE_TIMEOUT_MS = 30 * 60 * 1000;

export interface Config extends SubgraphConfig {
  /** L3: milliseconds a session may go unused before it stops resolving (`SESSION_IDLE_TIMEOUT_MS`). */
  sessionIdleTimeoutMs: number;
}

export function loadConfig(env: Env = process.env): Config {
  return {
    ...loadSubgraphConfig('organizations', env),
    // At least two minutes: last use is recorded at most once a minute (authenticate.route.ts).
    sessionIdleTimeoutMs: readInt(env, 'SESSION_IDLE_TIMEOUT_MS', DEFAULT_SESSION_IDLE_TIMEOUT_MS, 2 * 60 * 1000, 12 * 60 * 60 * 1000),
  };
}
