import { createSubgraphApp, type AppOptions } from '@kaikukanta/kit';
import type { Config } from './config.js';
import { startHeartbeat } from './modules/live/heartbeat.js';
import { LiveUsageFeed } from './modules/live/live-usage.feed.js';
import { useLiveUsageFeed } from './modules/live/live-usage.resolver.js';
import { startCardsOutboxReader } from './modules/readers/cards-outbox.reader.js';
import { startUsageOutboxReader } from './modules/readers/usage-outbox.reader.js';
import { startPublishing, STATISTICS_PUBLISHED, usePublishInterval } from './modules/suppression/published-steps.js';
import { nationalSummaryPublisher } from './modules/summary/summary.publisher.js';
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
        const stops: (() => Promise<void>)[] = [stopHeartbeat];
        const stopAll = async () => {
          await Promise.all(stops.map((stop) => stop()));
        };
        try {
          // One publisher for both readers: a change is pushed once, whichever outbox it came from.
          const summary = nationalSummaryPublisher(orm.em, pubSub);
          await summary.prime();
          // Decision 0019: suppressed figures are published in steps; with no interval, each event is a step.
          usePublishInterval(orm, config.publishIntervalMs);
          const perEvent = config.publishIntervalMs === 0;
          const publisher = {
            ...summary,
            publish: async () => {
              await summary.publish();
              if (perEvent) pubSub.publish(STATISTICS_PUBLISHED, { at: new Date() });
            },
          };
          stops.push(startPublishing(orm, logger, pubSub, config.publishIntervalMs));
          const liveUsage = new LiveUsageFeed(orm.em, logger);
          await liveUsage.prime();
          useLiveUsageFeed(liveUsage);
          const readerOptions = { pubSub, publisher, pollIntervalMs: config.outboxPollIntervalMs };
          const cardsReader = await startCardsOutboxReader(orm, logger, readerOptions);
          stops.push(cardsReader);
          const usageReader = await startUsageOutboxReader(orm, logger, { ...readerOptions, liveUsage });
          stops.push(usageReader);
          return Object.assign(stopAll, {
            ready: async () => {
              await cardsReader.ready();
              await usageReader.ready();
            },
          });
        } catch (error) {
          await stopAll();
          throw error;
        }
      },
    },
    config,
    options,
  );
}
