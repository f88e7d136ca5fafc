import { client, websocket } from '../graphql/client.js';
import { StatisticsSummaryChangedDocument, StatisticsUsageRecordedDocument, type Role } from '../graphql/generated.js';
import { live } from '../state/live.svelte.js';
import { throttled } from './statistics.js';

/** Roles whose `usageRecorded` subscription is allowed (the API refuses the others as it refuses the query). */
const FOLLOW_USES: readonly Role[] = ['NATIONAL_ADMIN', 'ANALYST', 'CULTURE_PROVIDER', 'TICKET_AGENT'];

/**
 * R24: calls `refresh` whenever the figures may have moved — a use registered or cancelled that the person may
 * follow, the national figures changing (cards too), and the live channel coming back after a break (whatever
 * happened meanwhile is then fetched once). Refreshes are throttled to one a second, the last one always runs.
 * Returns the stop function (call it when the page goes).
 */
export function followStatistics(role: Role | null | undefined, refresh: () => void): () => void {
  const { trigger, stop } = throttled(refresh);
  const subscriptions = [client.subscription(StatisticsSummaryChangedDocument, {}).subscribe(() => trigger())];
  if (role && FOLLOW_USES.includes(role)) subscriptions.push(client.subscription(StatisticsUsageRecordedDocument, {}).subscribe(() => trigger()));
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
