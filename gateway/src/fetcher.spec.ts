import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { IDENTITY_HEADER, REQUEST_ID_HEADER } from '@kaikukanta/kit/identity';
import { DEV_IDENTITY_PRIVATE_KEY, parseIdentityPrivateKey } from '@kaikukanta/kit/identity-keys';
import type { Logger } from '@kaikukanta/kit/logger';
import type { GatewayContext } from './context.js';
import { IdentityDataSource } from './datasource.js';
import { createFetcher } from './fetcher.js';
import { SUBGRAPH_UNAVAILABLE, unavailableReason } from './subgraph-unavailable.js';

/**
 * Issue 12 / decision 0026: the gateway's subgraph fetcher (undici's `request`, not `fetch`) keeps fetch's contract —
 * the answer, its headers, and the three kinds of unavailability decision 0020 tells apart — against a real HTTP
 * server on a real socket.
 */
const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function serve(handler: (req: IncomingMessage, res: ServerResponse, body: string) => void): Promise<string> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => handler(req, res, body));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
}

const context = (): GatewayContext => ({ identity: { kind: 'anonymous' }, requestId: 'req-1', locale: 'sv', clientIp: '192.0.2.1', session: {}, cacheable: true });

function dataSource(url: string, timeoutMs = 2_000) {
  const logger = { warn: vi.fn() };
  const source = new IdentityDataSource(
    { url, fetcher: createFetcher(timeoutMs) },
    { subgraph: 'cards', privateKey: parseIdentityPrivateKey(DEV_IDENTITY_PRIVATE_KEY), logger: logger as unknown as Logger },
  );
  const fetch = () =>
    source.process({ kind: 'health check' as never, request: { query: '{ ping }', variables: { a: 1 } }, context: context() } as never) as Promise<{
      data?: unknown;
      errors?: unknown;
      http?: { headers: { get(name: string): string | null } };
    }>;
  return { fetch, logger };
}

describe('subgraph fetcher (decision 0026)', () => {
  it('posts the operation as JSON with the signed identity, request id and language, and hands back data and headers', async () => {
    let seen: { method?: string; headers?: IncomingMessage['headers']; body?: string } = {};
    const url = await serve((req, res, body) => {
      seen = { method: req.method, headers: req.headers, body };
      res.setHeader('content-type', 'application/json; charset=utf-8');
      res.setHeader('cache-control', 'no-store');
      res.end(JSON.stringify({ data: { ping: 'pong' } }));
    });
    const answer = await dataSource(url).fetch();
    expect(answer.data).toEqual({ ping: 'pong' });
    expect(answer.http?.headers.get('Cache-Control')).toBe('no-store');
    expect(seen.method).toBe('POST');
    expect(JSON.parse(seen.body as string)).toEqual({ query: '{ ping }', variables: { a: 1 } });
    expect(seen.headers?.['content-type']).toBe('application/json');
    expect(seen.headers?.[IDENTITY_HEADER]).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(seen.headers?.[REQUEST_ID_HEADER]).toBe('req-1');
    expect(seen.headers?.['accept-language']).toBe('sv');
  });

  it('decision 0020: nothing listening is the subgraph unreachable, answered SUBGRAPH_UNAVAILABLE', async () => {
    const url = await serve(() => undefined);
    const server = servers.pop() as Server;
    await new Promise((resolve) => server.close(resolve));
    const { fetch, logger } = dataSource(url);
    await expect(fetch()).rejects.toMatchObject({ code: SUBGRAPH_UNAVAILABLE });
    expect(logger.warn).toHaveBeenCalledWith(expect.objectContaining({ reason: 'unreachable' }), expect.any(String));
  });

  it('decision 0020: a subgraph that never answers is a timeout after the subgraph’s own deadline, not before', async () => {
    const url = await serve(() => undefined);
    const { fetch, logger } = dataSource(url, 300);
    const started = performance.now();
    await expect(fetch()).rejects.toMatchObject({ code: SUBGRAPH_UNAVAILABLE });
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect(logger.warn).toHaveBeenCalledWith(expect.objectContaining({ reason: 'timeout' }), expect.any(String));
  });

  it('decision 0020: a connection lost in the middle of the body is the subgraph unreachable', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      res.write('{"data":');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const { fetch, logger } = dataSource(url);
    await expect(fetch()).rejects.toMatchObject({ code: SUBGRAPH_UNAVAILABLE });
    expect(logger.warn).toHaveBeenCalledWith(expect.objectContaining({ reason: 'unreachable' }), expect.any(String));
  });

  it('decision 0020: a proxy’s 503 is unavailability; the subgraph’s own 500 stays an internal error', async () => {
    const proxy = await serve((_req, res) => res.writeHead(503, { 'content-type': 'text/plain' }).end('no upstream'));
    await expect(dataSource(proxy).fetch()).rejects.toMatchObject({ code: SUBGRAPH_UNAVAILABLE });
    const broken = await serve((_req, res) => res.writeHead(500, { 'content-type': 'application/json' }).end('{"errors":[{"message":"boom"}]}'));
    const error = await dataSource(broken).fetch().catch((e: unknown) => e);
    expect(error).toMatchObject({ message: '500: Internal Server Error', extensions: { response: { status: 500, body: { errors: [{ message: 'boom' }] } } } });
    expect(unavailableReason(error, { status: 500 })).toBeUndefined();
  });

  it('a malformed JSON body is an error, not data', async () => {
    const url = await serve((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"data": '));
    await expect(dataSource(url).fetch()).rejects.toThrow();
  });
});
