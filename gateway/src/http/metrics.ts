import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Seconds: most operations take tens of milliseconds; the top bucket sits at the subgraph timeout's default (10 s). */
export const GRAPHQL_SECONDS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The gateway's Prometheus metrics (prom-client), one registry per gateway so
 * that tests can run several: Node's default process metrics, HTTP requests by
 * route and status class, GraphQL duration per operation type
 * (`query`/`mutation`/`subscription`, `none` when refused before an
 * operation was resolved), and open WebSockets.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly #requests = new Counter({ name: 'kaikukanta_http_requests_total', help: 'HTTP requests by route and status class', labelNames: ['route', 'status'] as const, registers: [this.registry] });
  readonly #graphql = new Histogram({
    name: 'kaikukanta_graphql_request_seconds',
    help: 'GraphQL operations over HTTP by operation type',
    labelNames: ['operation'] as const,
    buckets: GRAPHQL_SECONDS_BUCKETS,
    registers: [this.registry],
  });
  readonly #sockets = new Gauge({ name: 'kaikukanta_websocket_connections', help: 'Open GraphQL WebSockets', registers: [this.registry] });
  readonly #liveResolutions = new Counter({
    name: 'kaikukanta_live_resolutions_total',
    help: 'Live events resolved as gateway queries: one per event per group of subscribers with the same document, variables and scope (decision 0016)',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  request(route: string, status: number): void {
    this.#requests.inc({ route, status: `${Math.floor(status / 100)}xx` });
  }

  graphqlDuration(operation: string, seconds: number): void {
    this.#graphql.observe({ operation }, seconds);
  }

  socketOpened(): void {
    this.#sockets.inc();
  }

  socketClosed(): void {
    this.#sockets.dec();
  }

  readonly #upstreamConnections = new Gauge({ name: 'kaikukanta_live_upstream_connections', help: 'Open graphql-ws connections to statistics: one at most (decision 0016)', registers: [this.registry] });
  readonly #upstreamTopics = new Gauge({ name: 'kaikukanta_live_upstream_subscriptions', help: 'Upstream subscriptions, shared by every client subscription with the same document, variables and scope', registers: [this.registry] });

  liveUpstreamConnection(delta: 1 | -1): void {
    this.#upstreamConnections.inc(delta);
  }

  liveUpstreamSubscription(delta: 1 | -1): void {
    this.#upstreamTopics.inc(delta);
  }

  liveResolution(): void {
    this.#liveResolutions.inc();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }
}
