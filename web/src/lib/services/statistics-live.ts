import { client, websocket } from '../graphql/client.js';
import { StatisticsPublishedDocument, StatisticsSummaryChangedDocument, StatisticsUsageRecordedDocument, type Role } from '../graphql/generated.js';
import { live } from '../state/live.svelte.js';
import { throttled } from './statistics.js';

/**
 * Roles whose own figures are exact and live (a provider's or ticket agent's own usage, decision 0017): they follow
 * their uses one by one (`usageRecorded`). Everyone else's figures are suppressed and change only with a published
 * step (decision 0019), so refreshing on each use would only fetch the same step again.
 */
const LIVE_OWN_USAGE: readonly Role[] = ['CULTURE_PROVIDER', 'TICKET_AGENT'];

export interface FollowOptions {
  /** True while the page shows the national headline instead (its figures are public and move per event, decision 0012). */
  headlineOnly?: () => boolean;
}

/**
 * R24, R27: calls `refresh` whenever the figures the person sees may have moved — a new published step of the
 * suppressed figures (`statisticsPublished`), each of their own uses for providers and ticket agents, the national
 * headline when that is what the page shows, and the live channel coming back after a break (whatever happened
 * meanwhile is then fetched once). Refreshes are throttled to one a second, the last one always runs.
 * Returns the stop function (call it when the page goes).
 */
export function followStatistics(role: Role | null | undefined, refresh: () => void, options: FollowOptions = {}): () => void {
  const { trigger, stop } = throttled(refresh);
  const subscriptions = [
    client.subscription(StatisticsPublishedDocument, {}).subscribe(() => trigger()),
    client.subscription(StatisticsSummaryChangedDocument, {}).subscribe(() => {
      if (options.headlineOnly?.()) trigger();
    }),
  ];
  if (role && LIVE_OWN_USAGE.includes(role)) subscriptions.push(client.subscription(StatisticsUsageRecordedDocument, {}).subscribe(() => trigger()));
  // graphql-ws re-subscribes by itself after a reconnect; events missed during the break are caught up by one refresh.
  // The socket may already be open (the header's indicator opens it): then the next 'connected' is a reconnect.
  let opened = live.opened;
  const offConnected = websocket().on('connected', () => {
    if (opened) trigger();
    opened = true;
  });
  return () => {
    stop();
    offConnected();
    for (const subscription of subscriptions) subscription.unsubscribe();
  };
}
