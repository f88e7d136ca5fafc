import { loadSubgraphConfig, readInt, type Env, type SubgraphConfig } from '@kaikukanta/kit';

export interface Config extends SubgraphConfig {
  /** How often the live channel sends a heartbeat, so clients can show that they are connected. */
  heartbeatIntervalMs: number;
  /** How often the outbox readers look for events without a NOTIFY (one lost while their listener reconnected). */
  outboxPollIntervalMs: number;
}

export function loadConfig(env: Env = process.env): Config {
  return {
    ...loadSubgraphConfig('statistics', env),
    heartbeatIntervalMs: readInt(env, 'HEARTBEAT_INTERVAL_MS', 10_000, 50, 600_000),
    outboxPollIntervalMs: readInt(env, 'OUTBOX_POLL_INTERVAL_MS', 5_000, 100, 600_000),
  };
}
