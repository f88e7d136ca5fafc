import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEMO } from '@kaikukanta/kit';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { gatewayRequest, startE2ESystem, type E2ESystem } from './support.ts';

/**
 * Issue 12: OpenTelemetry traces through the real processes, received by an OTLP/HTTP (JSON) receiver in this
 * process: one trace per request across the gateway and the subgraphs, the query plan's fetches as spans naming
 * their subgraph, each subgraph's own server span under the fetch that called it (`traceparent`).
 */

interface Span {
  /** The `service.name` of the process that sent it. */
  service?: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes?: { key: string; value: { stringValue?: string; boolValue?: boolean; intValue?: string | number } }[];
}

let sut: E2ESystem;
let receiver: Server;
const spans: Span[] = [];
const services = new Set<string>();

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.url === '/v1/traces') {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
          resourceSpans: { resource?: { attributes?: Span['attributes'] }; scopeSpans: { spans: Span[] }[] }[];
        };
        for (const resourceSpans of body.resourceSpans) {
          const service = resourceSpans.resource?.attributes?.find((a) => a.key === 'service.name')?.value.stringValue;
          if (service) services.add(service);
          for (const scope of resourceSpans.scopeSpans) spans.push(...scope.spans.map((span) => ({ ...span, service })));
        }
      }
      res.setHeader('content-type', 'application/json');
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  sut = await startE2ESystem(inject('pgAdminUrl'), { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_BSP_SCHEDULE_DELAY: '100' });
});

afterAll(async () => {
  await sut?.teardown();
  receiver?.close();
});

const attribute = (span: Span, key: string) => span.attributes?.find((a) => a.key === key)?.value;

describe('issue 12: OpenTelemetry traces over OTLP', () => {
  it('the network page is one trace: the /graphql server span, the plan, a fetch span per subgraph, and each subgraph’s span under its fetch', async () => {
    const res = await gatewayRequest(sut.graphqlUrl, '{ regions { code organizations { id name registeredCardCount upcomingEvents { id } } } nationalSummary { uses } }', {}, { 'cache-control': 'no-cache' });
    expect(res.errors).toBeUndefined();
    const requestId = res.headers.get('x-request-id');
    let server: Span | undefined;
    await expect.poll(() => (server = spans.find((s) => s.service === 'kaikukanta-gateway' && s.name === 'POST /graphql' && attribute(s, 'kaikukanta.request_id')?.stringValue === requestId)), { timeout: 15_000 }).toBeDefined();
    const trace = () => spans.filter((s) => s.traceId === server?.traceId);
    await expect.poll(() => new Set(trace().filter((s) => s.name === 'gateway.fetch').map((s) => attribute(s, 'service')?.stringValue)), { timeout: 15_000 }).toEqual(
      new Set(['organizations', 'cards', 'usage', 'statistics']),
    );
    expect(trace().map((s) => s.name)).toEqual(expect.arrayContaining(['gateway.request', 'gateway.plan', 'gateway.execute']));
    expect(server?.parentSpanId ?? '').toBe('');
    expect(services).toContain('kaikukanta-gateway');
    // Every subgraph's server span is a child of one of the gateway's fetch spans to that subgraph.
    const subgraphs = ['organizations', 'cards', 'usage', 'statistics'];
    await expect.poll(() => new Set(trace().filter((s) => s.service !== 'kaikukanta-gateway').map((s) => s.service)), { timeout: 15_000 }).toEqual(new Set(subgraphs.map((name) => `kaikukanta-${name}`)));
    for (const name of subgraphs) {
      const fetches = new Set(trace().filter((s) => s.name === 'gateway.fetch' && attribute(s, 'service')?.stringValue === name).map((s) => s.spanId));
      const served = trace().filter((s) => s.service === `kaikukanta-${name}` && s.name === 'POST /graphql');
      expect(served.length, name).toBeGreaterThan(0);
      for (const span of served) expect(fetches.has(span.parentSpanId ?? ''), name).toBe(true);
    }
  });

  it('an operation one subgraph answers whole has its one fetch span, under its request', async () => {
    const res = await gatewayRequest(sut.graphqlUrl, 'query ($c: String!) { cardStatus(code: $c) { code usable } }', { c: 'AM99001001' }, { authorization: `Bearer ${DEMO.apiKey}` });
    expect(res.errors).toBeUndefined();
    const requestId = res.headers.get('x-request-id');
    let server: Span | undefined;
    await expect.poll(() => (server = spans.find((s) => s.service === 'kaikukanta-gateway' && s.name === 'POST /graphql' && attribute(s, 'kaikukanta.request_id')?.stringValue === requestId)), { timeout: 15_000 }).toBeDefined();
    await expect
      .poll(() => spans.filter((s) => s.traceId === server?.traceId && s.name === 'gateway.fetch').map((s) => [attribute(s, 'service')?.stringValue, attribute(s, 'kaikukanta.single_subgraph')?.boolValue]), { timeout: 15_000 })
      .toEqual([['cards', true]]);
  });
});
