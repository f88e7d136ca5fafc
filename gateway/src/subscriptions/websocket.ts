import type { IncomingMessage, Server } from 'node:http';
import { useServer } from 'graphql-ws/use/ws';
import { GraphQLError, type ExecutionArgs, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { WebSocket, WebSocketServer } from 'ws';
import { DEFAULT_LOCALE, pickLocale } from '@kaikukanta/kit/i18n';
import type { Logger } from '@kaikukanta/kit/logger';
import { requestIdFrom } from '@kaikukanta/kit/request-scope';
import { checkSubscription, type SubscriptionGuardOptions } from '@kaikukanta/kit/subscription-guard';
import { IDENTITY_CACHE_MS, type Authenticator } from '../auth/authenticate.js';
import type { GatewayContext } from '../context.js';
import { clientAddress } from '../http/client-address.js';
import type { Metrics } from '../http/metrics.js';
import { OPERATION_LIMITS, type Protection } from '../security/armor.js';
import { DEFAULT_SUBSCRIPTION_LIMITS, MessageRate, rateLimited, SocketsPerAddress, tooManySubscriptions, type SubscriptionLimits } from './limits.js';

export interface SubscriptionServerOptions {
  httpServer: Server;
  /** The client-facing API schema: subscriptions are validated against it here, before anything goes upstream. */
  apiSchema: GraphQLSchema;
  /**
   * Runs a validated subscription for the caller: the planner, the shared
   * upstream and per-event resolution behind it (resolve.ts, decision 0016).
   */
  live: { subscribe(args: ExecutionArgs, context: GatewayContext | undefined): AsyncIterableIterator<ExecutionResult> };
  authenticator: Authenticator;
  logger: Logger;
  metrics: Metrics;
  /** The gateway's graphql-armor instance: the same depth, alias, directive and cost rules as HTTP (H2). */
  protection: Protection;
  /** In production, validation messages carry no "Did you mean …?" (they disclose the schema). */
  production: boolean;
  /** Reverse proxies whose X-Forwarded-For entry is believed when sockets are counted per address. */
  trustedProxyHops: number;
  /** How often an open socket's caller is authenticated again (default: the identity cache's lifetime). */
  reauthenticateMs?: number;
  /** Overrides of {@link DEFAULT_SUBSCRIPTION_LIMITS}. */
  limits?: Partial<SubscriptionLimits>;
}

type ConnectionExtra = {
  request: IncomingMessage;
  socket: WebSocket;
  /** Set when the socket closes; `onConnect` may still be awaiting authentication then (H3). */
  closed?: boolean;
  recheck?: NodeJS.Timeout;
  context?: GatewayContext;
  rate?: MessageRate;
};

/**
 * graphql-ws on the gateway's own `/graphql`: the server and its
 * re-authentication. @apollo/gateway cannot execute subscriptions, so the
 * gateway authenticates the connection, checks each subscription against the
 * supergraph's API schema with the same limits as HTTP, and hands it to
 * `live`, which subscribes upstream for keys and resolves each event as a
 * query with the caller's identity (decision 0016). A socket whose session
 * ends is closed (4401), and with it every subscription on it. Queries and
 * mutations belong on HTTP.
 */
export function startSubscriptionServer(options: SubscriptionServerOptions): { dispose: (graceMs?: number) => Promise<void> } {
  const limits = { ...DEFAULT_SUBSCRIPTION_LIMITS, ...options.limits };
  const sockets = new SocketsPerAddress(limits.socketsPerAddress);
  const addressOf = (request: IncomingMessage) => clientAddress(request, options.trustedProxyHops) ?? 'unknown';
  const wss = new WebSocketServer({
    server: options.httpServer,
    path: '/graphql',
    maxPayload: limits.maxMessageBytes,
    // Synchronous, so no other upgrade can slip in between this check and the count in 'connection'.
    verifyClient: (info, accept) => (sockets.hasRoom(addressOf(info.req)) ? accept(true) : accept(false, 429, 'Too Many Requests')),
  });
  wss.on('connection', (socket, request) => {
    const address = addressOf(request);
    sockets.opened(address);
    options.metrics.socketOpened();
    socket.once('close', () => {
      sockets.closed(address);
      options.metrics.socketClosed();
    });
  });

  const guard: SubscriptionGuardOptions = {
    schema: options.apiSchema,
    maxTokens: OPERATION_LIMITS.maxTokens,
    rules: options.protection.validationRules,
    // armor's blockFieldSuggestion is an Apollo plugin and never sees this path.
    hideSuggestions: options.production,
  };

  const cleanup = useServer<Record<string, unknown>, ConnectionExtra>(
    {
      schema: options.apiSchema,
      onConnect: async (ctx) => {
        const extra = ctx.extra;
        // H3: graphql-ws runs onClose as soon as the socket closes, even while this still awaits
        // authentication; whatever is created below must be released by the socket itself.
        extra.socket.once('close', () => release(extra));
        const auth = await options.authenticator.authenticate(extra.request).catch(() => undefined);
        // Decision 0020: organizations could not say who this is (down or hanging): 1013 "try again later", a code
        // graphql-ws's client retries on, not the 4500 a thrown error would give (which it does not retry).
        if (!auth) {
          extra.socket.close(1013, 'Try again later');
          return false;
        }
        if (extra.closed || extra.socket.readyState !== WebSocket.OPEN || 'error' in auth) return false;
        const context: GatewayContext = {
          identity: auth.identity,
          session: {},
          requestId: requestIdFrom(undefined),
          locale: pickLocale(extra.request.headers['accept-language']),
        };
        extra.context = context;
        // A socket outlives logout, password change, revoked rights and deactivation unless it asks again:
        // the caller is re-authenticated as often as the gateway's identity cache expires, and the socket
        // is closed (4401) when the answer differs from the one it was opened with.
        const opened = JSON.stringify(auth.identity);
        // The re-check is not use (L3): a tab left open must still reach the session's idle timeout.
        extra.recheck = setInterval(() => {
          void options.authenticator.authenticate(extra.request, { touch: false }).then(
            (now) => {
              if ('error' in now || JSON.stringify(now.identity) !== opened) extra.socket.close(4401, 'Unauthorized');
            },
            () => undefined,
          );
        }, options.reauthenticateMs ?? IDENTITY_CACHE_MS);
        extra.recheck.unref();
        return true;
      },
      onClose: (ctx) => release(ctx.extra),
      onSubscribe: (ctx, _id, payload) => {
        const extra = ctx.extra;
        const locale = extra.context?.locale ?? DEFAULT_LOCALE;
        extra.rate ??= new MessageRate(limits.subscribeBurst, limits.subscribesPerSecond);
        const verdict = extra.rate.take();
        if (verdict === 'close') extra.socket.close(1008, 'Too many messages');
        if (verdict !== 'accept') return [rateLimited(locale)];
        // graphql-ws has already reserved this one's slot in ctx.subscriptions.
        if (Object.keys(ctx.subscriptions).length > limits.maxSubscriptionsPerSocket) return [tooManySubscriptions(limits.maxSubscriptionsPerSocket, locale)];
        return checkSubscription(guard, payload, locale);
      },
      context: (ctx) => ctx.extra as unknown as Record<string, unknown>,
      // onSubscribe lets only subscriptions through; this stays as the last word.
      execute: () => ({
        errors: [new GraphQLError('Send queries and mutations over HTTP POST /graphql.', { extensions: { code: 'BAD_REQUEST' } })],
      }),
      subscribe: (args: ExecutionArgs) => options.live.subscribe(args, (args.contextValue as ConnectionExtra).context),
    },
    wss,
  );
  return {
    dispose: async (graceMs = SHUTDOWN_CLOSE_GRACE_MS) => {
      // Decision 0020: 1012 (service restart) is a code graphql-ws's client retries on, as the web app's does:
      // subscribers reconnect, to another instance behind the load balancer or to this one restarted. graphql-ws
      // would say 1001 and then wait for every socket's closing handshake (ws waits 30 s for a silent one):
      // a client that does not answer within `graceMs` is cut, so the process stops within its bound.
      for (const socket of wss.clients) socket.close(1012, 'Service restart');
      const cut = setTimeout(() => {
        for (const socket of wss.clients) socket.terminate();
      }, graceMs);
      await cleanup.dispose();
      clearTimeout(cut);
    },
  };
}

/** How long a subscriber has to answer the closing handshake when the gateway stops before its socket is cut. */
export const SHUTDOWN_CLOSE_GRACE_MS = 1_000;

/** Stops re-authentication; safe to call more than once. The socket's subscriptions end with it (graphql-ws calls their `return()`). */
function release(extra: ConnectionExtra): void {
  extra.closed = true;
  clearInterval(extra.recheck);
  extra.recheck = undefined;
}

/** ws:// (or wss://) URL for a subgraph's http(s) GraphQL URL. */
export function toWebSocketUrl(httpUrl: string): string {
  const url = new URL(httpUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}
