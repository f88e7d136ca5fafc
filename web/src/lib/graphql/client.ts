import { Client, cacheExchange, fetchExchange, subscriptionExchange } from '@urql/core';
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';
import { locale } from '../i18n/locale.svelte.js';

/** The gateway's one GraphQL URL, over HTTP and WebSocket, on the origin that served the app. */
function wsUrl(): string {
  const { protocol, host } = window.location;
  return `${protocol === 'https:' ? 'wss' : 'ws'}://${host}/graphql`;
}

let ws: WsClient | undefined;

/**
 * graphql-ws client for live data; reconnects for as long as the page is open.
 * Lazy: no socket until the first subscription. Who wants to know its state
 * listens with `websocket().on('connected' | 'closed' | 'error', …)` (state/live does).
 */
export function websocket(): WsClient {
  ws ??= createWsClient({
    url: wsUrl(),
    lazy: true,
    retryAttempts: Number.POSITIVE_INFINITY,
    shouldRetry: () => true,
  });
  return ws;
}

/**
 * urql over the gateway: queries and mutations by POST (CSRF prevention at
 * the gateway wants JSON bodies), subscriptions over graphql-ws on the same
 * URL; the session travels in the gateway's HttpOnly cookie; the UI language
 * goes as Accept-Language so error messages come back in it.
 *
 * The document cache (cacheExchange) re-runs every live query whose result
 * held a __typename that a mutation returned (or named in
 * `additionalTypenames`), so pages never reload by hand after a write.
 * Components do not call `client.mutation`: writes go through
 * `services/mutate.ts`, reads through `services/query.svelte.ts`.
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
