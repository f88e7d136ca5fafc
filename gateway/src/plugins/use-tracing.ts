import type { IncomingMessage, ServerResponse } from 'node:http';
import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { Fetcher } from '@apollo/utils.fetcher';
import type { RequestScope } from '@kaikukanta/kit/request-scope';
import type { ScopedHandler } from './use-request-scope.js';

/** The tracer of the gateway's own spans; @apollo/gateway adds `gateway.request`, `.plan`, `.execute`, `.fetch`. */
export const tracer = trace.getTracer('kaikukanta-gateway');

export interface Tracing {
  shutdown(): Promise<void>;
}

/**
 * Issue 12: OpenTelemetry traces, exported over OTLP/HTTP (JSON) when `OTEL_EXPORTER_OTLP_ENDPOINT` or
 * `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` is set, and off otherwise (the API's no-op tracer: nothing recorded, nothing
 * sent). The exporter and the batch processor read the standard `OTEL_*` variables themselves (service name
 * `OTEL_SERVICE_NAME`, default `kaikukanta-gateway`; `OTEL_BSP_SCHEDULE_DELAY`, …), which is why this reads the
 * environment instead of the gateway's config. Registers the W3C trace-context propagator, so subgraph fetches
 * carry `traceparent` ({@link tracedFetcher}).
 */
export function startTracing(env: NodeJS.ProcessEnv = process.env): Tracing | undefined {
  if (!env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim() && !env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim()) return undefined;
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': env.OTEL_SERVICE_NAME?.trim() || 'kaikukanta-gateway' }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
  });
  provider.register();
  return { shutdown: () => provider.shutdown() };
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
    const headers = init?.headers as { set?: (name: string, value: string) => void } | undefined;
    if (headers && typeof headers.set === 'function') propagation.inject(context.active(), headers, { set: (carrier, key, value) => carrier.set?.(key, value) });
    return fetcher(url, init as never);
  }) as unknown as Fetcher;
}
