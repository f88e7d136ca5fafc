import type { IncomingMessage, ServerResponse } from 'node:http';
import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Fetcher } from '@apollo/utils.fetcher';
import type { RequestScope } from '@kaikukanta/kit/request-scope';
import { startTracing, type Tracing } from '@kaikukanta/kit/tracing';
import type { ScopedHandler } from './use-request-scope.js';

/** The tracer of the gateway's own spans; @apollo/gateway adds `gateway.request`, `.plan`, `.execute`, `.fetch`. */
export const tracer = trace.getTracer('kaikukanta-gateway');

/** Starts the gateway's OTLP export when OTEL_EXPORTER_OTLP_ENDPOINT is set (kit/tracing.ts), off otherwise. */
export function startGatewayTracing(env: NodeJS.ProcessEnv = process.env): Promise<Tracing | undefined> {
  return startTracing('kaikukanta-gateway', env);
}

/**
 * One server span per `/graphql` request, the parent of Apollo's and the query plan's spans. A trace never starts
 * from a client's `traceparent`: the public port is not trusted to name our traces.
 */
export function withServerSpan(handler: ScopedHandler): ScopedHandler {
  return (req: IncomingMessage, res: ServerResponse, scope: RequestScope) =>
    tracer.startActiveSpan(`${req.method ?? 'GET'} /graphql`, { kind: SpanKind.SERVER, root: true, attributes: { 'http.request.method': req.method ?? 'GET', 'kaikukanta.request_id': scope.requestId } }, async (span) => {
      try {
        await handler(req, res, scope);
      } catch (error) {
        span.setStatus({ code: SpanStatusCode.ERROR });
        throw error;
      } finally {
        span.setAttribute('http.response.status_code', res.statusCode);
        span.end();
      }
    });
}

/** A subgraph fetcher that sends the active span's context (`traceparent`) along, so a subgraph can join the trace. */
export function tracedFetcher(fetcher: Fetcher): Fetcher {
  return ((url: string, init?: { headers?: unknown }) => {
    // RemoteGraphQLDataSource passes a plain object of headers; a Headers-like one is handled too.
    const headers = init?.headers as Record<string, unknown> | undefined;
    if (headers && typeof headers === 'object') {
      const settable = typeof headers.set === 'function' ? (headers as unknown as { set(name: string, value: string): void }) : undefined;
      if (settable) propagation.inject(context.active(), settable, { set: (carrier, key, value) => carrier.set(key, value) });
      else propagation.inject(context.active(), headers);
    }
    return fetcher(url, init as never);
  }) as unknown as Fetcher;
}
