/**
 * A few Prometheus counters, enough to see load and errors without a metrics
 * library: requests by route and status class, GraphQL time, open WebSockets.
 */
export class Metrics {
  readonly #requests = new Map<string, number>();
  #graphqlSeconds = 0;
  #graphqlCount = 0;
  #openSockets = 0;
  readonly #started = Date.now();

  request(route: string, status: number): void {
    const key = `route="${route}",status="${Math.floor(status / 100)}xx"`;
    this.#requests.set(key, (this.#requests.get(key) ?? 0) + 1);
  }

  graphqlDuration(seconds: number): void {
    this.#graphqlSeconds += seconds;
    this.#graphqlCount += 1;
  }

  socketOpened(): void {
    this.#openSockets += 1;
  }

  socketClosed(): void {
    this.#openSockets -= 1;
  }

  render(): string {
    const lines = [
      '# TYPE kaikukanta_http_requests_total counter',
      ...[...this.#requests].map(([labels, n]) => `kaikukanta_http_requests_total{${labels}} ${n}`),
      '# TYPE kaikukanta_graphql_request_seconds summary',
      `kaikukanta_graphql_request_seconds_sum ${this.#graphqlSeconds.toFixed(6)}`,
      `kaikukanta_graphql_request_seconds_count ${this.#graphqlCount}`,
      '# TYPE kaikukanta_websocket_connections gauge',
      `kaikukanta_websocket_connections ${this.#openSockets}`,
      '# TYPE kaikukanta_uptime_seconds gauge',
      `kaikukanta_uptime_seconds ${((Date.now() - this.#started) / 1000).toFixed(0)}`,
    ];
    return `${lines.join('\n')}\n`;
  }
}
