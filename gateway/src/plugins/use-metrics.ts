import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../context.js';
import type { Metrics } from '../http/metrics.js';

/**
 * Times every GraphQL request from Apollo's start to its response and records
 * it by operation type in `kaikukanta_graphql_request_seconds` (see
 * {@link Metrics}); a request refused before its operation was resolved
 * (parse, validation, cost) counts as `none`. HTTP requests by route are
 * counted by the router, WebSockets by the subscription server.
 */
export function useMetrics(metrics: Metrics): ApolloServerPlugin<GatewayContext> {
  return {
    requestDidStart: async () => {
      const started = performance.now();
      return {
        willSendResponse: async ({ operation }) => {
          metrics.graphqlDuration(operation?.operation ?? 'none', (performance.now() - started) / 1000);
        },
      };
    },
  };
}
