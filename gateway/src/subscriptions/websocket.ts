import type { IncomingMessage, Server } from 'node:http';
import { createClient, type Client } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { GraphQLError, print, type ExecutionArgs, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { WebSocket, WebSocketServer } from 'ws';
import { GENERIC_MESSAGES, pickLocale, requestIdFrom, signIdentity, type Logger } from '@kaikukanta/kit';
import { IDENTITY_CACHE_MS, type Authenticator } from '../auth/authenticate.js';
import type { GatewayContext } from '../context.js';
import type { Metrics } from '../http/metrics.js';

export interface SubscriptionServerOptions {
  httpServer: Server;
  /** The client-facing API schema: subscriptions are validated against it here, before anything goes upstream. */
  apiSchema: GraphQLSchema;
  /** graphql-ws URL of the subgraph that owns the Subscription root (statistics). */
  upstreamUrl: string;
  identitySecret: string;
  authenticator: Authenticator;
  logger: Logger;
  metrics: Metrics;
  /** How often an open socket's caller is authenticated again (default: the identity cache's lifetime). */
  reauthenticateMs?: number;
}

/** Largest graphql-ws message accepted from a client. */
export const MAX_MESSAGE_BYTES = 64 * 1024;
/** Live views need a handful; more from one socket is abuse. */
export const MAX_SUBSCRIPTIONS_PER_SOCKET = 20;

type ConnectionExtra = {
  request: IncomingMessage;
  socket: WebSocket;
  recheck?: NodeJS.Timeout;
  context?: GatewayContext;
  upstream?: Client;
};

/**
 * graphql-ws on the gateway's own `/graphql`. @apollo/gateway cannot execute
 * subscriptions, so the gateway authenticates the connection, validates each
 * subscription against the supergraph's API schema and relays it to the
 * statistics subgraph over its own graphql-ws connection, signed with the
 * caller's identity. Queries and mutations belong on HTTP.
 */
export function startSubscriptionServer(options: SubscriptionServerOptions): { dispose: () => Promise<void> } {
  // graphql-ws messages are small; ws would otherwise accept 100 MiB frames from anyone.
  const wss = new WebSocketServer({ server: options.httpServer, path: '/graphql', maxPayload: MAX_MESSAGE_BYTES });
  wss.on('connection', (socket) => {
    options.metrics.socketOpened();
    socket.once('close', () => options.metrics.socketClosed());
  });

  const cleanup = useServer<Record<string, unknown>, ConnectionExtra>(
    {
      schema: options.apiSchema,
      onConnect: async (ctx) => {
        const request = ctx.extra.request;
        const auth = await options.authenticator.authenticate(request);
        if ('error' in auth) return false;
        const context: GatewayContext = {
          identity: auth.identity,
          session: {},
          requestId: requestIdFrom(undefined),
          locale: pickLocale(request.headers['accept-language']),
        };
        ctx.extra.context = context;
        // A socket outlives logout, password change, revoked rights and deactivation unless it asks again:
        // the caller is re-authenticated as often as the gateway's identity cache expires, and the socket
        // is closed (4401) when the answer differs from the one it was opened with.
        const opened = JSON.stringify(auth.identity);
        ctx.extra.recheck = setInterval(() => {
          void options.authenticator.authenticate(request).then(
            (now) => {
              if ('error' in now || JSON.stringify(now.identity) !== opened) ctx.extra.socket.close(4401, 'Unauthorized');
            },
            () => undefined,
          );
        }, options.reauthenticateMs ?? IDENTITY_CACHE_MS);
        ctx.extra.recheck.unref();
        ctx.extra.upstream = createClient({
          url: options.upstreamUrl,
          webSocketImpl: WebSocket,
          lazy: true,
          retryAttempts: 3,
          connectionParams: async () => ({
            identity: await signIdentity(context.identity, options.identitySecret),
            requestId: context.requestId,
            locale: context.locale,
          }),
        });
        return true;
      },
      onClose: async (ctx) => {
        clearInterval(ctx.extra.recheck);
        await ctx.extra.upstream?.dispose();
      },
      onSubscribe: (ctx) => {
        // graphql-ws has already reserved this one's slot in ctx.subscriptions.
        if (Object.keys(ctx.subscriptions).length > MAX_SUBSCRIPTIONS_PER_SOCKET) {
          return [new GraphQLError(`At most ${MAX_SUBSCRIPTIONS_PER_SOCKET} subscriptions per connection.`, { extensions: { code: 'RATE_LIMITED' } })];
        }
        return undefined;
      },
      context: (ctx) => ctx.extra as unknown as Record<string, unknown>,
      execute: () => ({
        errors: [new GraphQLError('Send queries and mutations over HTTP POST /graphql.', { extensions: { code: 'BAD_REQUEST' } })],
      }),
      subscribe: (args: ExecutionArgs) => relay(args, options.logger),
    },
    wss,
  );
  return {
    dispose: async () => {
      await cleanup.dispose();
    },
  };
}

async function* relay(args: ExecutionArgs, logger: Logger): AsyncGenerator<ExecutionResult> {
  const extra = args.contextValue as ConnectionExtra;
  const upstream = extra.upstream;
  if (!upstream || !extra.context) return;
  const locale = extra.context.locale;
  try {
    const results = upstream.iterate({
      query: print(args.document),
      variables: (args.variableValues ?? {}) as Record<string, unknown>,
      ...(args.operationName ? { operationName: args.operationName } : {}),
    });
    for await (const result of results) yield result as ExecutionResult;
  } catch (error) {
    logger.error({ err: error, requestId: extra.context.requestId }, 'upstream subscription failed');
    yield {
      errors: [new GraphQLError(GENERIC_MESSAGES.INTERNAL_SERVER_ERROR[locale], { extensions: { code: 'SERVICE_UNAVAILABLE' } })],
    };
  }
}

/** ws:// (or wss://) URL for a subgraph's http(s) GraphQL URL. */
export function toWebSocketUrl(httpUrl: string): string {
  const url = new URL(httpUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}
