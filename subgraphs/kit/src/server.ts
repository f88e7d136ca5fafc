import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type BaseContext } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { GraphQLError, NoSchemaIntrospectionCustomRule, type GraphQLSchema } from 'graphql';
import { WebSocketServer } from 'ws';
import { useServer } from 'graphql-ws/use/ws';
import type { SubgraphConfig } from './config.js';
import { createErrorFormatter, GENERIC_MESSAGES, loggableError } from './errors.js';
import { createGraphQLHandler, sendError, sendJson } from './http/graphql-handler.js';
import { pickLocale, type Locale } from './i18n.js';
import { IDENTITY_HEADER, identityVerifier, REQUEST_ID_HEADER, routeAudience, type Identity, type IdentityClaims } from './identity.js';
import { BodyTooLargeError, readBody } from './http/body.js';
import type { Logger } from './logger.js';
import { personalDataGuard } from './privacy.js';
import { executionDeadline } from './plugins/execution-deadline.js';
import { resolverBudget } from './plugins/resolver-budget.js';
import { currentLocale, requestIdFrom, runInRequestScope } from './request-scope.js';
import { checkSubscription, SUBSCRIPTION_MESSAGE_LIMITS, type SubscriptionGuardOptions } from './subscription-guard.js';
import { inServerSpan, startTracing } from './tracing.js';

export interface RequestInfo {
  identity: Identity;
  requestId: string;
  locale: Locale;
  /** The caller's address as the gateway saw it. */
  clientIp?: string;
  /** Headers a resolver wants on the HTTP response (e.g. the session token for the gateway). */
  responseHeaders: Map<string, string>;
}

/** A JSON endpoint for the gateway only (e.g. `/internal/authenticate`); it needs a gateway token for this route's own audience (`organizations/internal/authenticate`). */
export type InternalRoute = (body: unknown, info: RequestInfo) => Promise<{ status: number; body: unknown }>;

export interface SubgraphServerOptions<TContext extends BaseContext> {
  config: SubgraphConfig;
  schema: GraphQLSchema;
  logger: Logger;
  /** Builds the per-request (or per-subscription) context, e.g. with a forked entity manager. */
  context: (info: RequestInfo) => TContext;
  /** Readiness: resolves when the service can serve (e.g. the database answers). */
  ready: () => Promise<void>;
  /** Releases what the app holds (ORM, listeners) after the server has drained. */
  dispose: () => Promise<void>;
  /** Serve graphql-ws subscriptions on the same `/graphql` path. */
  subscriptions?: boolean;
  bodyLimit?: number;
  internalRoutes?: Record<string, InternalRoute>;
}

export interface RunningServer {
  url: string;
  port: number;
  httpServer: Server;
  close(): Promise<void>;
}

/**
 * The HTTP (and optionally WebSocket) server every subgraph runs: `/graphql`
 * accepts only requests carrying a valid identity token from the gateway;
 * `/healthz` says the process lives, `/readyz` that it can serve.
 */
export async function startSubgraphServer<TContext extends BaseContext>(options: SubgraphServerOptions<TContext>): Promise<RunningServer> {
  const { config, logger } = options;
  // Issue 12: OTLP traces when OTEL_EXPORTER_OTLP_ENDPOINT is set; each /graphql request joins the gateway's trace.
  const tracing = await startTracing(`kaikukanta-${config.name}`);
  const httpServer = createServer();
  // Outlive the gateway's keep-alive agent so it never reuses a socket this side has closed.
  httpServer.keepAliveTimeout = config.keepAliveTimeoutMs;
  httpServer.headersTimeout = config.keepAliveTimeoutMs + 1_000;

  const apollo = new ApolloServer<TContext>({
    schema: options.schema,
    formatError: createErrorFormatter(logger, currentLocale),
    includeStacktraceInErrorResponses: false,
    introspection: !config.production,
    allowBatchedHttpRequests: false,
    csrfPrevention: true,
    // Compact JSON (issue 12): Apollo's default indents every answer, which the gateway only parses again.
    stringifyResult: (result) => JSON.stringify(result),
    // closeOnSignals below owns SIGINT/SIGTERM. Apollo's own handler (on by default outside NODE_ENV=test) ran beside
    // it and held every shutdown until the 10-second force exit: a `npm start` Ctrl-C and each test system's stop.
    stopOnTerminationSignals: false,
    // L2: Apollo's own messages go through the same logger (and its redaction) as ours.
    logger,
    // No inline traces: timing data is not for clients, and the gateway does not report to Apollo Studio. No
    // cache-control hints: the gateway never reads them (issue 12: their per-field hook cost time on every list).
    plugins: [
      personalDataGuard<TContext>(),
      resolverBudget<TContext>({ limit: config.resolverBudget }),
      executionDeadline<TContext>({ ms: config.executionDeadlineMs }),
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginCacheControlDisabled(),
    ],
  });
  await apollo.start();

  // M1: only a token the gateway signed for this subgraph (or for this internal route) is accepted.
  const verify = identityVerifier(config.identityPublicKey);
  const identityOf = async (token: string | undefined, internalPath?: string): Promise<{ identity: Identity } & IdentityClaims> =>
    verify(token, internalPath ? routeAudience(config.name, internalPath) : config.name);

  let wsCleanup: { dispose: () => Promise<void> | void } | undefined;
  let wss: WebSocketServer | undefined;
  if (options.subscriptions) {
    // L7: graphql-ws messages are small; ws would otherwise accept 100 MiB frames before authentication.
    wss = new WebSocketServer({ server: httpServer, path: '/graphql', maxPayload: SUBSCRIPTION_MESSAGE_LIMITS.maxBytes });
    // L7: the gateway's checks again, for whoever reaches this port directly: subscriptions only, a
    // token-limited parse, no introspection or suggestions in production, no identity codes (R9).
    const guard: SubscriptionGuardOptions = {
      schema: options.schema,
      maxTokens: SUBSCRIPTION_MESSAGE_LIMITS.maxTokens,
      rules: config.production ? [NoSchemaIntrospectionCustomRule] : [],
      hideSuggestions: config.production,
    };
    wsCleanup = useServer<{ identity?: string; requestId?: string; locale?: string }, { info?: RequestInfo; bySubscription?: Map<string, RequestInfo> }>(
      {
        schema: options.schema,
        onConnect: async (ctx) => {
          try {
            const { identity } = await identityOf(ctx.connectionParams?.identity);
            ctx.extra.info = {
              identity,
              responseHeaders: new Map(),
              requestId: requestIdFrom(ctx.connectionParams?.requestId),
              locale: pickLocale(ctx.connectionParams?.locale),
            };
            return true;
          } catch {
            return false;
          }
        },
        onSubscribe: async (ctx, id, payload) => {
          // Decision 0016: the gateway shares one connection among its callers and names each
          // subscription's caller in `extensions.identity`, a token it signed for this subgraph.
          const extensions = payload.extensions ?? {};
          const locale = pickLocale(typeof extensions.locale === 'string' ? extensions.locale : ctx.extra.info?.locale);
          if (typeof extensions.identity === 'string') {
            try {
              const { identity } = await identityOf(extensions.identity);
              const requestId = requestIdFrom(typeof extensions.requestId === 'string' ? extensions.requestId : undefined);
              (ctx.extra.bySubscription ??= new Map()).set(id, { identity, responseHeaders: new Map(), requestId, locale });
            } catch {
              return [new GraphQLError(GENERIC_MESSAGES.UNAUTHENTICATED[locale], { extensions: { code: 'UNAUTHENTICATED' } })];
            }
          }
          return checkSubscription(guard, payload, locale);
        },
        onComplete: (ctx, id) => {
          ctx.extra.bySubscription?.delete(id);
        },
        context: (ctx, id) => options.context(ctx.extra.bySubscription?.get(id) ?? (ctx.extra as { info: RequestInfo }).info),
      },
      wss,
    );
  }

  // The identity is verified before Apollo sees the request; the context factory picks it up from here.
  const infoByRequest = new WeakMap<IncomingMessage, RequestInfo>();
  const graphql = createGraphQLHandler<TContext>({
    server: apollo,
    bodyLimit: options.bodyLimit ?? 2 * 1024 * 1024,
    context: async (req) => options.context(infoByRequest.get(req) as RequestInfo),
    responseHeaders: (req) => infoByRequest.get(req)?.responseHeaders,
  });

  httpServer.on('request', (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/healthz') return sendJson(res, 200, { status: 'ok', service: config.name });
    if (path === '/readyz') {
      options.ready().then(
        () => sendJson(res, 200, { status: 'ready', service: config.name }),
        (error: unknown) => {
          logger.warn({ err: loggableError(error) }, 'not ready');
          sendJson(res, 503, { status: 'unavailable', service: config.name });
        },
      );
      return;
    }
    const internal = path ? options.internalRoutes?.[path] : undefined;
    if (path !== '/graphql' && !internal) return sendJson(res, 404, { status: 'not found' });
    const requestId = requestIdFrom(header(req, REQUEST_ID_HEADER));
    const locale = pickLocale(header(req, 'accept-language'));
    void runInRequestScope({ requestId, locale }, async () => {
      let verified: { identity: Identity } & IdentityClaims;
      try {
        verified = await identityOf(header(req, IDENTITY_HEADER), internal ? path : undefined);
      } catch (error) {
        logger.warn({ requestId, reason: (error as Error).message }, 'request without a valid gateway identity refused');
        return sendError(res, 401, 'UNAUTHENTICATED', GENERIC_MESSAGES.UNAUTHENTICATED[locale]);
      }
      const info: RequestInfo = { ...verified, requestId, locale, responseHeaders: new Map() };
      if (internal) return runInternal(internal, req, res, info);
      infoByRequest.set(req, info);
      if (!tracing) return graphql(req, res);
      await inServerSpan(`kaikukanta-${config.name}`, 'POST /graphql', req.headers, async (span) => {
        span.setAttribute('kaikukanta.request_id', requestId);
        await graphql(req, res);
        span.setAttribute('http.response.status_code', res.statusCode);
      });
    }).catch((error: unknown) => {
      // The caller went away mid-request (the gateway's timeout for this subgraph, decision 0020): not our fault.
      if (req.destroyed && ((error as { code?: unknown }).code === 'ECONNRESET' || (error as Error).message === 'aborted')) {
        logger.warn({ requestId }, 'caller went away before the answer');
        return;
      }
      logger.error({ err: loggableError(error), requestId }, 'request failed');
      sendError(res, 500, 'INTERNAL_SERVER_ERROR', GENERIC_MESSAGES.INTERNAL_SERVER_ERROR[locale]);
    });
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const port = (httpServer.address() as AddressInfo).port;
  logger.info({ port }, `${config.name} subgraph listening on http://${config.host}:${port}/graphql`);

  let closing: Promise<void> | undefined;
  return {
    url: `http://${config.host}:${port}/graphql`,
    port,
    httpServer,
    close: () =>
      (closing ??= (async () => {
        // Decision 0020: 1012 (service restart) tells the gateway's upstream to subscribe again (to another replica,
        // or to this one restarted) from the last sequence it saw; a socket that has not finished the closing
        // handshake within a second is cut, so a silent client cannot hold the shutdown (ws would wait 30 s).
        for (const socket of wss?.clients ?? []) socket.close(1012, 'Service restart');
        const cut = setTimeout(() => {
          for (const socket of wss?.clients ?? []) socket.terminate();
        }, 1_000);
        await wsCleanup?.dispose();
        clearTimeout(cut);
        await apollo.stop();
        await options.dispose();
        await tracing?.shutdown();
      })()),
  };
}

async function runInternal(route: InternalRoute, req: IncomingMessage, res: ServerResponse, info: RequestInfo): Promise<void> {
  if (req.method !== 'POST') return sendJson(res, 405, { error: 'POST only' });
  let body: unknown;
  try {
    body = JSON.parse(await readBody(req, 64 * 1024));
  } catch (error) {
    return sendJson(res, error instanceof BodyTooLargeError ? 413 : 400, { error: 'bad request' });
  }
  const result = await route(body, info);
  sendJson(res, result.status, result.body);
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Stops the service cleanly on SIGINT/SIGTERM: drain connections, then close
 * the ORM. Ctrl-C in `npm start` reaches every process of the terminal's group
 * and `npm start` then asks each child with SIGTERM as well, so only a second
 * Ctrl-C (SIGINT) forces an exit; anything else waits for the drain, at most
 * `timeoutMs` (default 10 s; the gateway's SHUTDOWN_TIMEOUT_MS), after which the
 * process exits with code 1 whatever is still open (decision 0020).
 */
export function closeOnSignals(close: () => Promise<void>, logger: Logger, options: { timeoutMs?: number } = {}): void {
  const timeoutMs = options.timeoutMs ?? 10_000;
  let stopping = false;
  let interrupts = 0;
  const stop = (signal: NodeJS.Signals) => {
    if (signal === 'SIGINT' && ++interrupts > 1) process.exit(1);
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      logger.error({ timeoutMs }, 'shutdown did not finish in time; exiting');
      process.exit(1);
    }, timeoutMs);
    force.unref();
    close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}
