import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloGateway } from '@apollo/gateway';
import { Supergraph } from '@apollo/federation-internals';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { SubgraphName } from '@kaikukanta/kit/config';
import { createErrorFormatter } from '@kaikukanta/kit/errors';
import type { Identity } from '@kaikukanta/kit/identity';
import { createLogger, type Logger } from '@kaikukanta/kit/logger';
import { personalDataGuard } from '@kaikukanta/kit/privacy';
import { currentLocale, runInRequestScope } from '@kaikukanta/kit/request-scope';
import { Authenticator } from './auth/authenticate.js';
import type { GatewayConfig } from './config.js';
import type { GatewayContext } from './context.js';
import { IdentityDataSource } from './datasource.js';
import { createFetcher } from './fetcher.js';
import { createGraphQLRoute } from './http/graphql-route.js';
import { Metrics } from './http/metrics.js';
import { cachedReadiness, refuseWhileDraining } from './http/readiness.js';
import { createOperationalRouter, createRouter } from './http/router.js';
import { createStaticHandler } from './http/static.js';
import { IdentityTokens } from './identity-tokens.js';
import { useMetrics } from './plugins/use-metrics.js';
import { useRequestScope } from './plugins/use-request-scope.js';
import { useResponseCache } from './plugins/use-response-cache.js';
import { withSingleSubgraph } from './plugins/single-subgraph.js';
import { startGatewayTracing, tracedFetcher, withServerSpan } from './plugins/use-tracing.js';
import { sessionCookie, useSessionCookie } from './plugins/use-session-cookie.js';
import { createProtection } from './security/armor.js';
import { SubscriptionPlanner } from './subscriptions/plan.js';
import { LiveResolver } from './subscriptions/resolve.js';
import { SharedUpstream } from './subscriptions/upstream.js';
import { startSubscriptionServer, toWebSocketUrl } from './subscriptions/websocket.js';

export interface RunningGateway {
  url: string;
  port: number;
  /** The internal port of `/readyz` and `/metrics` (L8), when there is one. */
  opsPort: number | undefined;
  logger: Logger;
  close(): Promise<void>;
}

/**
 * Builds and starts the gateway: GraphQL over HTTP (POST) and WebSocket on
 * `/graphql`, the web app on `/`, health, readiness and metrics (on the ops
 * port when there is one). Only wiring: each concern lives in its own module.
 */
export async function createGateway(config: GatewayConfig, options: { logger?: Logger } = {}): Promise<RunningGateway> {
  const logger = options.logger ?? createLogger('gateway', config.logLevel);
  // Issue 12: OTLP traces when OTEL_EXPORTER_OTLP_ENDPOINT is set (the OTel SDK reads its own OTEL_* variables).
  const tracing = await startGatewayTracing();
  const supergraphSdl = await readFile(config.supergraphPath, 'utf8');
  const supergraph = Supergraph.build(supergraphSdl);
  const apiSchema = supergraph.apiSchema().toGraphQLJSSchema();
  // One data source per subgraph, shared by the query planner's fetches and the single-subgraph path.
  const dataSources = new Map<string, IdentityDataSource>();
  // Issue 12: one cache of signed identity tokens for every subgraph fetch and the live channel (decision 0023).
  const identityTokens = new IdentityTokens({ privateKey: config.identityPrivateKey });
  const dataSource = (name: string) => {
    let source = dataSources.get(name);
    if (!source) {
      source = new IdentityDataSource(
        { url: config.subgraphUrls[name as SubgraphName], fetcher: tracedFetcher(createFetcher(config.subgraphTimeoutsMs[name as SubgraphName])) },
        { subgraph: name as SubgraphName, privateKey: config.identityPrivateKey, logger, tokens: identityTokens },
      );
      dataSources.set(name, source);
    }
    return source;
  };
  const gateway = new ApolloGateway({ supergraphSdl, buildService: ({ name }) => dataSource(name) });

  const cookie = sessionCookie(config.production);
  const authenticator = new Authenticator(config.subgraphUrls.organizations, config.identityPrivateKey, cookie);
  const metrics = new Metrics();
  const httpServer = createServer();
  httpServer.keepAliveTimeout = 65_000;
  httpServer.headersTimeout = 66_000;
  httpServer.requestTimeout = 60_000;

  // Batching is off so one HTTP request is one operation for the throttles of the access work.
  const protection = createProtection({ production: config.production });
  const apollo = new ApolloServer<GatewayContext>({
    // Issue 12: an operation one subgraph answers whole skips the query plan (plugins/single-subgraph.ts).
    gateway: withSingleSubgraph(gateway, { supergraphSdl, dataSource: (name) => (config.subgraphUrls[name as SubgraphName] ? dataSource(name) : undefined) }),
    formatError: createErrorFormatter(logger, currentLocale, { trustSubgraphErrors: true }),
    includeStacktraceInErrorResponses: false,
    introspection: !config.production,
    allowBatchedHttpRequests: false,
    csrfPrevention: true,
    // Compact JSON: Apollo's default indents every answer, which costs the gateway CPU and bytes on every write.
    stringifyResult: (result) => JSON.stringify(result),
    validationRules: protection.validationRules,
    plugins: [
      // R9: a personal identity code in any argument is refused before planning.
      personalDataGuard<GatewayContext>(),
      ...protection.plugins,
      useMetrics(metrics),
      // Decision 0021: anonymous public reads (the network page) from a short-lived cache, emptied by every mutation.
      useResponseCache(),
      // Decision 0020: in-flight requests get the shutdown bound less a margin for the rest of close().
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: Math.max(0, config.shutdownTimeoutMs - 2_000) }),
      ...(config.production ? [ApolloServerPluginLandingPageDisabled()] : []),
      // Nothing reads Apollo's cache-control hints (the response cache keeps its own rules, decision 0021): not computed.
      ApolloServerPluginCacheControlDisabled(),
    ],
  });
  await apollo.start();

  // Decision 0016: one upstream connection to statistics (the Subscription root's owner) for every client,
  // keys only; each event's selection is resolved through this ApolloServer with the subscriber's identity.
  // M1: every token on that connection is for statistics alone.
  const signForStatistics = (identity: Identity) => identityTokens.sign(identity, 'statistics');
  const upstream = new SharedUpstream({
    url: toWebSocketUrl(config.subgraphUrls.statistics),
    connectionIdentity: () => signForStatistics({ kind: 'anonymous' }),
    logger,
    onConnection: (delta) => metrics.liveUpstreamConnection(delta),
    onTopic: (delta) => metrics.liveUpstreamSubscription(delta),
  });
  const live = new LiveResolver({
    planner: new SubscriptionPlanner(apiSchema, supergraph, 'statistics'),
    upstream,
    signUpstreamIdentity: signForStatistics,
    logger,
    onResolution: () => metrics.liveResolution(),
    execute: (request, contextValue) =>
      runInRequestScope({ requestId: contextValue.requestId, locale: contextValue.locale }, async () => {
        const response = await apollo.executeOperation(request, { contextValue });
        if (response.body.kind !== 'single') throw new Error('incremental delivery is not used on the live channel');
        return response.body.singleResult;
      }),
  });
  const subscriptions = startSubscriptionServer({
    httpServer,
    apiSchema,
    live,
    authenticator,
    logger,
    metrics,
    // H2: the same armor rules and limits as HTTP.
    protection,
    production: config.production,
    trustedProxyHops: config.trustedProxyHops,
  });

  const readiness = cachedReadiness(config.subgraphUrls);
  const graphql = createGraphQLRoute({
    apollo,
    authenticator,
    bodyLimit: config.bodyLimit,
    trustedProxyHops: config.trustedProxyHops,
    responseHeaders: useSessionCookie(cookie, (token) => authenticator.forget('session', token)),
  });
  const router = createRouter({ graphql: withServerSpan(graphql), serveStatic: createStaticHandler(config.webRoot), readiness, metrics, operational: config.opsPort === undefined });
  let closing: Promise<void> | undefined;
  httpServer.on('request', useRequestScope(refuseWhileDraining(router, () => closing !== undefined), logger));

  const port = await listen(httpServer, config.port, config.host);
  let opsServer: Server | undefined;
  if (config.opsPort !== undefined) {
    opsServer = createServer(useRequestScope(createOperationalRouter({ readiness, metrics }), logger));
    await listen(opsServer, config.opsPort, config.host);
  }
  const opsPort = opsServer ? (opsServer.address() as AddressInfo).port : undefined;
  const shownHost = config.host === '0.0.0.0' || config.host === '127.0.0.1' ? 'localhost' : config.host;
  logger.info({ port, opsPort }, `Kaikukanta is running: open http://${shownHost}:${port}/ (GraphQL at /graphql)`);

  return {
    url: `http://${shownHost}:${port}`,
    port,
    opsPort,
    logger,
    close: () =>
      (closing ??= (async () => {
        opsServer?.closeAllConnections();
        opsServer?.close();
        await subscriptions.dispose();
        await upstream.dispose();
        await apollo.stop();
        await tracing?.shutdown();
      })()),
  };
}

async function listen(server: Server, port: number, host: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return (server.address() as AddressInfo).port;
}
