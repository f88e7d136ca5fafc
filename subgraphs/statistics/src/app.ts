import { createSubgraphApp, type AppOptions } from '@kaikukanta/kit';
import type { Config } from './config.js';
import { startHeartbeat } from './modules/live/heartbeat.js';
import { createOrm } from './orm.js';
import { buildSchema, pubSub } from './schema.js';

export function createApp(config: Config, options: AppOptions = {}) {
  return createSubgraphApp(
    {
      createOrm,
      buildSchema,
      subscriptions: true,
      startWorkers: async () => startHeartbeat(pubSub, config.heartbeatIntervalMs),
    },
    config,
    options,
  );
}
