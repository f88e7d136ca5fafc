import { Client, cacheExchange, fetchExchange, subscriptionExchange, type CombinedError } from '@urql/core';
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';
import { locale } from '../i18n/locale.svelte.js';
import { live } from '../state/live.svelte.js';

/** The gateway's one GraphQL URL, over HTTP and WebSocket, on the origin that served the app. */
function wsUrl(): string {
  const { protocol, host } = window.location;
  return `${protocol === 'https:' ? 'wss' : 'ws'}://${host}/graphql`;
}

let ws: WsClient | undefined;

/** graphql-ws client for live data; reconnects for as long as the page is open and reports its state to `live`. */
export function websocket(): WsClient {
  ws ??= createWsClient({
    url: wsUrl(),
    lazy: true,
    retryAttempts: Number.POSITIVE_INFINITY,
    shouldRetry: () => true,
    on: {
      connected: () => live.set(true),
      closed: () => live.set(false),
      error: () => live.set(false),
    },
  });
  return ws;
}

/**
 * urql over the gateway: queries and mutations by POST (CSRF prevention at
 * the gateway wants JSON bodies), subscriptions over graphql-ws on the same
 * URL; the session travels in the gateway's HttpOnly cookie; the UI language
 * goes as Accept-Language so error messages come back in it.
 */
export const client = new Client({
  url: '/graphql',
  preferGetMethod: false,
  requestPolicy: 'cache-and-network',
  fetchOptions: () => ({ credentials: 'same-origin', headers: { 'accept-language': locale.current } }),
  exchanges: [
    cacheExchange,
    fetchExchange,
    subscriptionExchange({
      forwardSubscription: (request) => ({
        subscribe: (sink) => ({ unsubscribe: websocket().subscribe({ ...request, query: request.query ?? '' }, sink) }),
      }),
    }),
  ],
});

/** The stable code of the first GraphQL error, or NETWORK when the gateway could not be reached. */
export function errorCode(error: CombinedError | undefined): string | undefined {
  if (!error) return undefined;
  if (error.networkError && !error.graphQLErrors.length) return 'NETWORK';
  const code = error.graphQLErrors[0]?.extensions?.code;
  return typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR';
}
