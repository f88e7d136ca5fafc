import { loadSubgraphConfig, readInt, type Env, type SubgraphConfig } from '@kaikukanta/kit';

export interface Config extends SubgraphConfig {
  /** How often the live channel sends a heartbeat, so clients can show that they are connected. */
  heartbeatIntervalMs: number;
  /** How often the outbox readers look for events without a NOTIFY (one lost while their listener reconnected). */
  outboxPollIntervalMs: number;
  /**
   * Decision 0019 (R27): how often the year's suppressed figures are published, in steps aligned to the wall clock
   * (every replica publishes the same step). 15 minutes by default; 0 publishes per event (tests of exactness).
   */
  publishIntervalMs: number;
}

export function loadConfig(env: Env = process.env): Config {
  return {
    ...loadSubgraphConfig('statistics', env),
    heartbeatIntervalMs: readInt(env, 'HEARTBEAT_INTERVAL_MS', 10_000, 50, 600_000),
    outboxPollIntervalMs: readInt(env, 'OUTBOX_POLL_INTERVAL_MS', 5_000, 100, 600_000),
    publishIntervalMs: readInt(env, 'STATISTICS_PUBLISH_INTERVAL_MS', 900_000, 0, 86_400_000),
  };
}
