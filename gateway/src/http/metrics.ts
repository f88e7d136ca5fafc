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

  get contentType(): string {
    return this.registry.contentType;
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }
}
