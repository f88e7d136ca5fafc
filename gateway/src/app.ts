import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloGateway } from '@apollo/gateway';
import { Supergraph } from '@apollo/federation-internals';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import {
  createErrorFormatter,
  createGraphQLHandler,
  createLogger,
  currentLocale,
  GENERIC_MESSAGES,
  personalDataGuard,
  pickLocale,
  requestIdFrom,
  REQUEST_ID_HEADER,
  runInRequestScope,
  sendError,
  sendJson,
  type Logger,
} from '@kaikukanta/kit';
import { Authenticator, sessionCookie, sessionCookieHeader } from './auth/authenticate.js';
import type { GatewayConfig } from './config.js';
import type { GatewayContext } from './context.js';
import { IdentityDataSource } from './datasource.js';
import { createFetcher } from './fetcher.js';
import { clientAddress } from './http/client-address.js';
import { checkSubgraphs } from './http/readiness.js';
import { Metrics } from './http/metrics.js';
import { setSecurityHeaders } from './http/security-headers.js';
import { createProtection } from './security/armor.js';
import { createStaticHandler } from './http/static.js';
import { startSubscriptionServer, toWebSocketUrl } from './subscriptions/websocket.js';

export interface RunningGateway {
  url: string;
  port: number;
  logger: Logger;
  close(): Promise<void>;
}

/** Builds and starts the gateway: GraphQL over HTTP and WebSocket on `/graphql`, the web app on `/`, health and metrics. */
export async function createGateway(config: GatewayConfig, options: { logger?: Logger } = {}): Promise<RunningGateway> {
  const logger = options.logger ?? createLogger('gateway', config.logLevel);
  const supergraphSdl = await readFile(config.supergraphPath, 'utf8');
  const apiSchema = Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();
  const fetcher = createFetcher(config.subgraphTimeoutMs);
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name }) =>
      new IdentityDataSource({ url: config.subgraphUrls[name as keyof GatewayConfig['subgraphUrls']], fetcher }, config.identitySecret),
  });

  const authenticator = new Authenticator(config.subgraphUrls.organizations, config.identitySecret);
  const metrics = new Metrics();
  const httpServer = createServer();
  httpServer.keepAliveTimeout = 65_000;
  httpServer.headersTimeout = 66_000;
  httpServer.requestTimeout = 60_000;

  // Batching is off so one HTTP request is one operation for the throttles of the access work.
  const protection = createProtection({ production: config.production });
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    formatError: createErrorFormatter(logger, currentLocale, { trustSubgraphErrors: true }),
    includeStacktraceInErrorResponses: false,
    introspection: !config.production,
    allowBatchedHttpRequests: false,
    csrfPrevention: true,
    validationRules: protection.validationRules,
    plugins: [
      // R9: a personal identity code in any argument is refused before planning.
      personalDataGuard<GatewayContext>(),
      ...protection.plugins,
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ...(config.production ? [ApolloServerPluginLandingPageDisabled()] : []),
    ],
  });
  await apollo.start();

  const contexts = new WeakMap<IncomingMessage, GatewayContext>();
  const graphql = createGraphQLHandler<GatewayContext>({
    server: apollo,
    bodyLimit: config.bodyLimit,
    context: async (req) => contexts.get(req) as GatewayContext,
    responseHeaders: (req) => sessionHeaders(req, contexts.get(req), authenticator, config.production),
  });
  const serveStatic = createStaticHandler(config.webRoot);
  const subscriptions = startSubscriptionServer({
    httpServer,
    apiSchema,
    upstreamUrl: toWebSocketUrl(config.subgraphUrls.statistics),
    identitySecret: config.identitySecret,
    authenticator,
    logger,
    metrics,
    // H2: the same armor rules and limits as HTTP.
    protection,
    production: config.production,
    trustedProxyHops: config.trustedProxyHops,
  });

  httpServer.on('request', (req, res) => {
    const started = process.hrtime.bigint();
    const route = routeOf(req.url);
    const requestId = requestIdFrom(undefined);
    const locale = pickLocale(req.headers['accept-language']);
    res.setHeader(REQUEST_ID_HEADER, requestId);
    setSecurityHeaders(res);
    res.once('finish', () => {
      metrics.request(route, res.statusCode);
      if (route === '/graphql') metrics.graphqlDuration(Number(process.hrtime.bigint() - started) / 1e9);
    });
    void runInRequestScope({ requestId, locale }, async () => {
      switch (route) {
        case '/healthz':
          return sendJson(res, 200, { status: 'ok', service: 'gateway' });
        case '/readyz': {
          const subgraphs = await checkSubgraphs(config.subgraphUrls);
          const ready = Object.values(subgraphs).every(Boolean);
          return sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'unavailable', subgraphs });
        }
        case '/metrics':
          res.setHeader('content-type', 'text/plain; version=0.0.4');
          res.end(metrics.render());
          return;
        case '/graphql': {
          const auth = await authenticator.authenticate(req);
          if ('error' in auth) return sendError(res, 401, 'UNAUTHENTICATED', INVALID_API_KEY[locale]);
          contexts.set(req, { identity: auth.identity, requestId, locale, clientIp: clientAddress(req, config.trustedProxyHops), session: {} });
          return graphql(req, res);
        }
        default:
          return serveStatic(req, res);
      }
    }).catch((error: unknown) => {
      logger.error({ err: error, requestId }, 'request failed');
      sendError(res, 500, 'INTERNAL_SERVER_ERROR', GENERIC_MESSAGES.INTERNAL_SERVER_ERROR[locale]);
    });
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const port = (httpServer.address() as AddressInfo).port;
  const shownHost = config.host === '0.0.0.0' || config.host === '127.0.0.1' ? 'localhost' : config.host;
  logger.info({ port }, `Kaikukanta is running: open http://${shownHost}:${port}/ (GraphQL at /graphql)`);

  let closing: Promise<void> | undefined;
  return {
    url: `http://${shownHost}:${port}`,
    port,
    logger,
    close: () =>
      (closing ??= (async () => {
        await subscriptions.dispose();
        await apollo.stop();
      })()),
  };
}

const INVALID_API_KEY = {
  fi: 'API-avain on virheellinen, vanhentunut tai peruttu.',
  sv: 'API-nyckeln är ogiltig, har gått ut eller återkallats.',
  en: 'The API key is invalid, expired or revoked.',
} as const;

/** Turns the organizations subgraph's session instructions into the browser's cookie. */
function sessionHeaders(req: IncomingMessage, context: GatewayContext | undefined, authenticator: Authenticator, secure: boolean): [string, string][] {
  const session = context?.session;
  if (!session) return [];
  const current = sessionCookie(req);
  if (session.changed && current) authenticator.forget('session', current);
  if (session.set) return [['set-cookie', sessionCookieHeader(session.set, secure)]];
  if (session.changed === 'revoked') return [['set-cookie', sessionCookieHeader(null, secure)]];
  return [];
}

function routeOf(url: string | undefined): string {
  const path = (url ?? '/').split('?')[0] ?? '/';
  return ['/graphql', '/healthz', '/readyz', '/metrics'].includes(path) ? path : 'static';
}
