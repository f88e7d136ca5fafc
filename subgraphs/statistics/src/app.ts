import { createSubgraphApp, type AppOptions } from '@kaikukanta/kit';
import type { Config } from './config.js';
import { startHeartbeat } from './modules/live/heartbeat.js';
import { startCardsOutboxReader } from './modules/readers/cards-outbox.reader.js';
import { createOrm } from './orm.js';
import { buildSchema, pubSub } from './schema.js';

export function createApp(config: Config, options: AppOptions = {}) {
  return createSubgraphApp(
    {
      createOrm,
      buildSchema,
      subscriptions: true,
      startWorkers: async (orm, logger) => {
        const stopHeartbeat = startHeartbeat(pubSub, config.heartbeatIntervalMs);
        const stopCardsReader = await startCardsOutboxReader(orm, logger, { pubSub, pollIntervalMs: config.outboxPollIntervalMs }).catch(async (error: unknown) => {
          await stopHeartbeat();
          throw error;
        });
        return Object.assign(
          async () => {
            await Promise.all([stopHeartbeat(), stopCardsReader()]);
          },
          { ready: stopCardsReader.ready },
        );
      },
    },
    config,
    options,
  );
}
