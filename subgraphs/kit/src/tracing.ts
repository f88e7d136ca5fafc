import type { IncomingHttpHeaders } from 'node:http';
import { context, propagation, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';

export interface Tracing {
  shutdown(): Promise<void>;
}

/**
 * Issue 12: OpenTelemetry traces for every service, exported over OTLP/HTTP (JSON) when
 * `OTEL_EXPORTER_OTLP_ENDPOINT` or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` is set, and off otherwise (the API's no-op
 * tracer: nothing recorded, nothing sent). The exporter and the batch processor read the standard `OTEL_*`
 * variables themselves (`OTEL_BSP_SCHEDULE_DELAY`, …), which is why this reads the environment rather than a
 * service's config. Registers the W3C trace-context propagator (`traceparent`). The SDK is loaded only when
 * tracing is on: a service without it does not carry it in memory.
 */
export async function startTracing(serviceName: string, env: NodeJS.ProcessEnv = process.env): Promise<Tracing | undefined> {
  if (!env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim() && !env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim()) return undefined;
  const [{ OTLPTraceExporter }, { resourceFromAttributes }, { BatchSpanProcessor, NodeTracerProvider }] = await Promise.all([
    import('@opentelemetry/exporter-trace-otlp-http'),
    import('@opentelemetry/resources'),
    import('@opentelemetry/sdk-trace-node'),
  ]);
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': env.OTEL_SERVICE_NAME?.trim() || serviceName }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
  });
  provider.register();
  return { shutdown: () => provider.shutdown() };
}

/**
 * Runs `work` inside a server span named `name`, continuing the trace of the caller's `traceparent` — a subgraph's
 * caller is the gateway, the only one that reaches it (ARCHITECTURE "Security model").
 */
export function inServerSpan<T>(tracerName: string, name: string, headers: IncomingHttpHeaders, work: (span: Span) => Promise<T>): Promise<T> {
  const parent = propagation.extract(context.active(), headers);
  return trace.getTracer(tracerName).startActiveSpan(name, { kind: SpanKind.SERVER }, parent, async (span) => {
    try {
      return await work(span);
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw error;
    } finally {
      span.end();
    }
  });
}
