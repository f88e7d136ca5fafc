import { buildFederatedSchema, createPubSub } from '@kaikukanta/kit';
import { HeartbeatResolver } from './modules/live/heartbeat.js';
import { liveUsageReference } from './modules/live/live-usage.reference.js';
import { LiveUsageResolver } from './modules/live/live-usage.resolver.js';
import { StatisticsPublishedResolver } from './modules/statistics/statistics-published.resolver.js';
import { StatisticsResolver } from './modules/statistics/statistics.resolver.js';
import { SummaryResolver } from './modules/summary/summary.resolver.js';

/** The process-wide channel that live subscriptions listen on (tests wait on its listener count). */
export const pubSub = createPubSub();

export function buildSchema() {
  return buildFederatedSchema({ resolvers: [SummaryResolver, HeartbeatResolver, LiveUsageResolver, StatisticsResolver, StatisticsPublishedResolver], pubSub, referenceResolvers: { LiveUsage: liveUsageReference } });
}
