import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { createLogger } from '@kaikukanta/kit';
import { buildSchema, type ExecutionResult } from 'graphql';
import { createClient } from 'graphql-ws';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { Authenticator } from '../auth/authenticate.js';
import { Metrics } from '../http/metrics.js';
import { createProtection } from '../security/armor.js';
import { startSubscriptionServer, type SubscriptionServerOptions } from './websocket.js';

const schema = buildSchema(`
  type Query { ok: Boolean }
  type Subscription { heartbeat: Heartbeat! }
  type Heartbeat { sequence: Int! }
`);

const anonymous = (): Authenticator => ({ authenticate: async () => ({ identity: { kind: 'anonymous' } }) }) as unknown as Authenticator;

const running: { server: Server; dispose: () => Promise<void> }[] = [];

afterEach(async () => {
  for (const { server, dispose } of running.splice(0)) {
    await dispose();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** The subscription server on a bare HTTP server; nothing here reaches the (unreachable) upstream. */
async function start(overrides: Partial<SubscriptionServerOptions> = {}): Promise<string> {
  const server = createServer();
  const sut = startSubscriptionServer({
    httpServer: server,
    apiSchema: schema,
    live: { subscribe: () => ended() },
    authenticator: anonymous(),
    logger: createLogger('test', 'silent'),
    metrics: new Metrics(),
    protection: createProtection({ production: false }),
    production: false,
    trustedProxyHops: 0,
    ...overrides,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  running.push({ server, dispose: sut.dispose });
  return `ws://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
}

/** Nothing here reaches an upstream: an accepted subscription simply ends. */
function ended(): AsyncIterableIterator<ExecutionResult> {
  const done = async (): Promise<IteratorReturnResult<undefined>> => ({ done: true, value: undefined });
  return { [Symbol.asyncIterator]() { return this; }, next: done, return: done };
}

type Refusal = { message: string; extensions?: { code?: string } }[];

/** Subscribes once and returns the errors it is refused with (or 'accepted'). */
function outcome(url: string, query: string, options: { lang?: string } = {}): Promise<Refusal | 'accepted'> {
  const WithLanguage = class extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols, { headers: { 'accept-language': options.lang ?? 'en' } });
    }
  };
  const client = createClient({ url, webSocketImpl: WithLanguage, retryAttempts: 0 });
  return new Promise<Refusal | 'accepted'>((resolve) => {
    client.subscribe({ query }, { next: () => resolve('accepted'), error: (errors) => resolve(errors as Refusal), complete: () => resolve('accepted') });
  }).finally(() => client.dispose());
}

describe('live channel: authentication and cleanup', () => {
  it('H3: a socket closed during authentication leaves no timer', async () => {
    let calls = 0;
    const slow = {
      authenticate: async () => {
        calls += 1;
        await sleep(200);
        return { identity: { kind: 'anonymous' } };
      },
    } as unknown as Authenticator;
    const url = await start({ authenticator: slow, reauthenticateMs: 50 });
    const socket = new WebSocket(url, 'graphql-transport-ws');
    await once(socket, 'open');
    socket.send(JSON.stringify({ type: 'connection_init' }));
    socket.close();
    await sleep(500);
    // The old code installed a 50 ms re-authentication interval after the socket had gone: 4–5 calls by now.
    expect(calls).toBe(1);
  });
  it('L3: the periodic re-check of an open socket does not count as use of the session', async () => {
    const calls: { touch?: boolean }[] = [];
    const recording = {
      authenticate: async (_req: unknown, options: { touch?: boolean } = {}) => {
        calls.push(options);
        return { identity: { kind: 'anonymous' } };
      },
    } as unknown as Authenticator;
    const url = await start({ authenticator: recording, reauthenticateMs: 30 });
    const socket = new WebSocket(url, 'graphql-transport-ws');
    await once(socket, 'open');
    socket.send(JSON.stringify({ type: 'connection_init' }));
    await sleep(200);
    socket.close();
    // Opening the socket is use; every re-check after it is not.
    expect(calls.length).toBeGreaterThan(2);
    expect(calls[0]?.touch).toBeUndefined();
    expect(calls.slice(1).every((options) => options.touch === false)).toBe(true);
  });
});

describe('live channel: the same limits as HTTP (H2)', () => {
  it('H2: refuses a 64 KiB document by its token count before validating it', async () => {
    const url = await start();
    const errors = await outcome(url, `subscription { ${'heartbeat { sequence } '.repeat(2_800)}}`);
    expect(errors).toEqual([expect.objectContaining({ message: expect.stringMatching(/2000 tokens/), extensions: { code: 'GRAPHQL_PARSE_FAILED' } })]);
  });

  it('H2: refuses many selections before graphql-js validation, whose overlap check is quadratic', async () => {
    const url = await start();
    const errors = await outcome(url, `subscription { ${'heartbeat { sequence } '.repeat(60)}}`);
    expect(errors).toEqual([expect.objectContaining({ extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } })]);
  });

  it("H2: applies the gateway's armor rules (depth)", async () => {
    const deep = buildSchema(`type Query { ok: Boolean } type Subscription { node: Node } type Node { next: Node id: Int }`);
    const url = await start({ apiSchema: deep });
    const nested = (depth: number): string => (depth === 0 ? 'id' : `next { ${nested(depth - 1)} }`);
    const errors = await outcome(url, `subscription { node { ${nested(14)} } }`);
    expect(errors).toEqual([expect.objectContaining({ message: expect.stringMatching(/depth/i), extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } })]);
  });

  it('H2: refuses queries, mutations and several operations in one message, in the caller\'s language', async () => {
    const url = await start();
    expect(await outcome(url, '{ ok }', { lang: 'sv' })).toEqual([
      { message: expect.stringMatching(/^Via WebSocket går det bara att prenumerera/), extensions: { code: 'BAD_REQUEST' } },
    ]);
    expect(await outcome(url, 'subscription A { heartbeat { sequence } } subscription B { heartbeat { sequence } }')).toEqual([
      { message: 'Send one subscription per message.', extensions: { code: 'BAD_REQUEST' } },
    ]);
  });

  it('H2: gives no field suggestions in production', async () => {
    const development = await start();
    const production = await start({ production: true, protection: createProtection({ production: true }) });
    const query = 'subscription { heartbeat { sequenc } }';
    expect(await outcome(development, query)).toEqual([expect.objectContaining({ message: expect.stringContaining('Did you mean "sequence"?') })]);
    expect(await outcome(production, query)).toEqual([
      { message: 'Cannot query field "sequenc" on type "Heartbeat".', locations: [{ line: 1, column: 28 }], extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } },
    ]);
  });

  it('H2: limits subscribe messages per socket per second, and closes a socket that floods', async () => {
    const url = await start({ limits: { subscribeBurst: 3, subscribesPerSecond: 0.1 } });
    const client = createClient({ url, webSocketImpl: WebSocket, retryAttempts: 0, lazy: false, onNonLazyError: () => undefined });
    let closedWith: number | undefined;
    client.on('closed', (event) => (closedWith = (event as { code: number }).code));
    try {
      const codes = await Promise.all(
        Array.from(
          { length: 6 },
          () =>
            new Promise<string | undefined>((resolve) => {
              client.subscribe({ query: 'subscription { nope }' }, { next: () => resolve('next'), error: (e) => resolve((e as Refusal)[0]?.extensions?.code), complete: () => resolve('complete') });
            }),
        ),
      );
      expect(codes).toEqual([...Array(3).fill('GRAPHQL_VALIDATION_FAILED'), ...Array(3).fill('RATE_LIMITED')]);
      for (let i = 0; i < 4; i++) client.subscribe({ query: 'subscription { nope }' }, { next: () => undefined, error: () => undefined, complete: () => undefined });
      await expect.poll(() => closedWith).toBe(1008);
    } finally {
      await client.dispose();
    }
  });

  it('H2: limits open sockets per client address', async () => {
    const url = await start({ limits: { socketsPerAddress: 2 } });
    const open = async () => {
      const socket = new WebSocket(url, 'graphql-transport-ws');
      const [event, response] = await Promise.race([once(socket, 'open').then(() => ['open']), once(socket, 'unexpected-response').then(([, res]) => ['refused', res])]);
      return { socket, event, status: (response as { statusCode?: number } | undefined)?.statusCode };
    };
    const first = await open();
    const second = await open();
    const third = await open();
    expect([first.event, second.event, third.event, third.status]).toEqual(['open', 'open', 'refused', 429]);
    first.socket.close();
    await once(first.socket, 'close');
    await expect.poll(async () => {
      const next = await open();
      next.socket.terminate();
      return next.event;
    }).toBe('open');
    second.socket.close();
  });
});
