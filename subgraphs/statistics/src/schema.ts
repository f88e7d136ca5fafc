import { buildFederatedSchema, createPubSub } from '@kaikukanta/kit';
import type { PubSub } from 'type-graphql';
import { HeartbeatResolver } from './modules/live/heartbeat.js';
import { SummaryResolver } from './modules/summary/summary.resolver.js';

/** The process-wide channel that live subscriptions listen on. */
export const pubSub: PubSub = createPubSub();

export function buildSchema() {
  return buildFederatedSchema({ resolvers: [SummaryResolver, HeartbeatResolver], pubSub });
}
