import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger } from '@kaikukanta/kit/logger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway, type RunningGateway } from './app.js';
import { loadConfig } from './config.js';

/**
 * The gateway's HTTP side in one process, against stub subgraphs that only
 * answer `/readyz` (and count how often they are asked): no database.
 */
let sut: RunningGateway;
let stub: Server;
let readinessChecks = 0;

beforeAll(async () => {
  stub = createServer((req, res) => {
    if (req.url === '/readyz') readinessChecks++;
    // A slow subgraph: a flood of /readyz must not pile up fan-outs behind it.
    setTimeout(() => res.end('{}'), 50);
  });
  await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));
  const stubUrl = `http://127.0.0.1:${(stub.address() as AddressInfo).port}/graphql`;
  const config = loadConfig({ GATEWAY_PORT: '0', OPS_PORT: '0', LOG_LEVEL: 'silent' });
  sut = await createGateway(
    { ...config, production: true, subgraphUrls: { organizations: stubUrl, cards: stubUrl, usage: stubUrl, statistics: stubUrl } },
    { logger: createLogger('gateway', 'silent') },
  );
});

afterAll(async () => {
  await sut?.close();
  stub?.close();
});

const publicUrl = (path: string) => `http://127.0.0.1:${sut.port}${path}`;
const opsUrl = (path: string) => `http://127.0.0.1:${sut.opsPort}${path}`;

describe('gateway HTTP routes', () => {
  it('L6: GET /graphql is refused with 405 and Allow: POST, preflight header or not', async () => {
    const query = encodeURIComponent('{ cardStatus(code: "AM99") { usable } }');
    for (const headers of [{}, { 'apollo-require-preflight': 'true' }]) {
      const res = await fetch(publicUrl(`/graphql?query=${query}`), { headers });
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toBe('POST');
      expect(((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0]?.extensions.code).toBe('METHOD_NOT_ALLOWED');
    }
  });

  it('L8: in production /metrics and /readyz are not on the public port, only on the ops port', async () => {
    expect((await fetch(publicUrl('/metrics'))).status).toBe(404);
    expect((await fetch(publicUrl('/readyz'))).status).toBe(404);
    expect((await fetch(publicUrl('/healthz'))).status).toBe(200);
    const metrics = await fetch(opsUrl('/metrics'));
    expect(metrics.status).toBe(200);
    const text = await metrics.text();
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).toMatch(/kaikukanta_http_requests_total\{route="\/metrics",status="4xx"\} 1/);
    expect((await fetch(opsUrl('/readyz'))).status).toBe(200);
    expect((await fetch(opsUrl('/'))).status).toBe(404);
  });

  it('L8: a flood of /readyz costs one subgraph fan-out per cache window', async () => {
    await new Promise((resolve) => setTimeout(resolve, 1_600)); // past the previous test's cached answer
    readinessChecks = 0;
    const answers = await Promise.all(Array.from({ length: 50 }, () => fetch(opsUrl('/readyz')).then((res) => res.status)));
    expect(answers.every((status) => status === 200)).toBe(true);
    expect(readinessChecks).toBe(4); // four subgraphs, asked once
  });

  it('records GraphQL durations per operation type (prom-client histogram)', async () => {
    await fetch(publicUrl('/graphql'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ nope }' }) });
    const text = await (await fetch(opsUrl('/metrics'))).text();
    expect(text).toMatch(/kaikukanta_graphql_request_seconds_count\{operation="none"\} 1/);
    expect(text).toContain('kaikukanta_websocket_connections 0');
  });
});
