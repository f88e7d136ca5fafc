import type { ChildProcess } from 'node:child_process';
import { connect as tcpConnect, type Socket } from 'node:net';
import { DEMO } from '@kaikukanta/kit';
import { freePort } from '@kaikukanta/kit/embedded';
import { createClient } from 'graphql-ws';
import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startService, waitForReady } from '../scripts/lib/processes.ts';
import { SUBGRAPHS } from '../scripts/lib/subgraphs.ts';
import { gatewayRequest, pidListeningOn, startE2ESystem, type E2ESystem } from './support.ts';

/**
 * Issue 12's faults through the real processes (decision 0020): a subgraph down (SIGKILL) or hanging (SIGSTOP) costs
 * a query only that subgraph's part, answered SUBGRAPH_UNAVAILABLE within the gateway's own timeout, `/readyz` names
 * it, and everything comes back by itself; a gateway stopped with SIGTERM finishes what it was answering, refuses
 * what comes after, tells its subscribers to reconnect (1012) and exits within SHUTDOWN_TIMEOUT_MS even with a
 * client that never answers the closing handshake.
 */

/** The gateway's timeout for cards in this file: a stopped cards costs a query this long, not the default 10 s. */
const CARDS_TIMEOUT_MS = 1_500;
const SHUTDOWN_TIMEOUT_MS = 4_000;
/** The public network page's shape: organisations (organizations) with their registered cards (cards). */
const NETWORK = '{ regions { code organizations { id name registeredCardCount } } }';
const UNAVAILABLE_SV = 'En del av uppgifterna är inte tillgängliga just nu. Försök igen om en stund.';

let sut: E2ESystem;
/** A national admin's session: registeredCardCount is theirs to see (R27), so a missing count is the fault's. */
let admin: Record<string, string>;

beforeAll(async () => {
  sut = await startE2ESystem(inject('pgAdminUrl'), { CARDS_TIMEOUT_MS: String(CARDS_TIMEOUT_MS) });
  const res = await gatewayRequest(sut.graphqlUrl, 'mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { user { id } } }', { e: 'admin@kaikukanta.demo', p: DEMO.password });
  expect(res.errors).toBeUndefined();
  admin = { cookie: (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '' };
});

afterAll(async () => {
  await sut?.teardown();
});

type Organization = { id: string; name: string; registeredCardCount: number | null };

/** Organisations with their registered cards counted: cards answered. */
function counted(data: unknown): boolean {
  return organizationsOf(data).filter((o) => typeof o.registeredCardCount === 'number').length > 3;
}

function organizationsOf(data: unknown): Organization[] {
  return ((data as { regions?: { organizations: Organization[] }[] } | null)?.regions ?? []).flatMap((region) => region.organizations);
}

async function readiness(port = sut.port): Promise<{ status: number; body: { status: string; subgraphs: Record<string, boolean> } }> {
  const res = await fetch(`http://127.0.0.1:${port}/readyz`);
  return { status: res.status, body: (await res.json()) as { status: string; subgraphs: Record<string, boolean> } };
}

/** The whole network page again, with every organisation's count: the gateway came back by itself. */
async function expectRecovered(): Promise<void> {
  await expect
    .poll(async () => {
      const res = await gatewayRequest(sut.graphqlUrl, NETWORK, {}, admin);
      return !res.errors && counted(res.data);
    })
    .toBe(true);
  await expect.poll(async () => (await readiness()).status).toBe(200);
}

/** The partial answer: every organisation with its name, no count, and SUBGRAPH_UNAVAILABLE in Swedish. */
function expectPartial(res: Awaited<ReturnType<typeof gatewayRequest>>): void {
  expect(res.status).toBe(200);
  const organizations = organizationsOf(res.data);
  expect(organizations.length).toBeGreaterThan(3);
  expect(organizations.every((o) => o.name && o.registeredCardCount === null)).toBe(true);
  expect(res.errors?.length).toBeGreaterThan(0);
  for (const error of res.errors ?? []) expect(error).toMatchObject({ message: UNAVAILABLE_SV, extensions: { code: 'SUBGRAPH_UNAVAILABLE' } });
}

describe('faults through the real processes (decision 0020)', () => {
  it('a subgraph down (SIGKILL): the data it has and SUBGRAPH_UNAVAILABLE for the rest, /readyz names it, back by itself', async () => {
    await sut.kill('cards');
    const res = await gatewayRequest(sut.graphqlUrl, NETWORK, {}, { ...admin, 'accept-language': 'sv' });
    expectPartial(res);
    // A query that needs no cards is untouched.
    const summary = await gatewayRequest(sut.graphqlUrl, '{ nationalSummary { uses } }');
    expect(summary.errors).toBeUndefined();
    await expect.poll(async () => (await readiness()).status).toBe(503);
    const ready = await readiness();
    expect(ready.body).toMatchObject({ status: 'unavailable', subgraphs: { cards: false, organizations: true, usage: true, statistics: true } });

    await sut.start('cards');
    await expectRecovered();
  });

  it('a subgraph hanging (SIGSTOP): answered within the gateway’s own timeout for it, /readyz names it, back after SIGCONT', async () => {
    const pid = await pidListeningOn(sut.subgraphPorts.cards as number);
    process.kill(pid, 'SIGSTOP');
    try {
      const started = performance.now();
      const res = await gatewayRequest(sut.graphqlUrl, NETWORK, {}, { ...admin, 'accept-language': 'sv' });
      const took = performance.now() - started;
      expectPartial(res);
      // CARDS_TIMEOUT_MS, not the default 10 s nor for ever (generous: the machine is shared).
      expect(took).toBeGreaterThanOrEqual(CARDS_TIMEOUT_MS - 100);
      expect(took).toBeLessThan(CARDS_TIMEOUT_MS + 4_000);
      await expect.poll(async () => (await readiness()).body.subgraphs.cards).toBe(false);
      expect((await readiness()).status).toBe(503);
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    await expectRecovered();
  });

  it('SIGTERM: the in-flight request finishes, new ones are refused, subscribers get 1012 and reconnect, the process exits within its bound', async () => {
    const port = await freePort();
    const env = gatewayEnv(port, { SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS), CARDS_TIMEOUT_MS: '20000' });
    let gateway = await startGateway(env, port);

    // A subscriber set up as the web app's (web/src/lib/graphql/client.ts: retry whatever happened, for as long as
    // the page is open), waiting 250 ms between attempts instead of graphql-ws's backoff to keep the test short.
    const closes: number[] = [];
    let connections = 0;
    const subscriber = createClient({
      url: `ws://127.0.0.1:${port}/graphql`,
      webSocketImpl: WebSocket,
      lazy: true,
      retryAttempts: Number.POSITIVE_INFINITY,
      shouldRetry: () => true,
      retryWait: () => new Promise((resolve) => setTimeout(resolve, 250)),
    });
    subscriber.on('connected', () => connections++);
    subscriber.on('closed', (event) => closes.push((event as { code: number }).code));
    const stopSubscription = subscriber.subscribe({ query: 'subscription { nationalSummaryChanged { uses } }' }, { next: () => undefined, error: () => undefined, complete: () => undefined });
    await expect.poll(() => connections).toBe(1);
    // A client that opens a WebSocket and then never answers anything, the closing handshake included.
    const silent = await silentWebSocket(port);

    // The in-flight request: cards is stopped, so it waits inside the gateway until cards goes on.
    const cardsPid = await pidListeningOn(sut.subgraphPorts.cards as number);
    process.kill(cardsPid, 'SIGSTOP');
    let inFlight!: Promise<Awaited<ReturnType<typeof gatewayRequest>>>;
    let exitedAfterMs!: Promise<{ ms: number; code: number | null }>;
    try {
      inFlight = gatewayRequest(`http://127.0.0.1:${port}/graphql`, NETWORK, {}, admin);
      await new Promise((resolve) => setTimeout(resolve, 500));
      const signalled = performance.now();
      exitedAfterMs = new Promise((resolve) => gateway.once('exit', (code) => resolve({ ms: performance.now() - signalled, code })));
      gateway.kill('SIGTERM');

      await expect.poll(() => closes).toContain(1012);
      // New requests: 503 SHUTTING_DOWN while it drains, or no connection once it stopped listening.
      const late = await gatewayRequest(`http://127.0.0.1:${port}/graphql`, '{ nationalSummary { uses } }').then(
        (res) => ({ status: res.status, code: res.errors?.[0]?.extensions?.code }),
        (error: unknown) => ({ status: 0, code: (error as Error).name }),
      );
      expect([{ status: 503, code: 'SHUTTING_DOWN' }, { status: 0, code: 'TypeError' }]).toContainEqual(late);
    } finally {
      process.kill(cardsPid, 'SIGCONT');
    }
    const answered = await inFlight;
    expect(answered.status).toBe(200);
    expect(answered.errors).toBeUndefined();
    expect(counted(answered.data)).toBe(true);

    const exit = await exitedAfterMs;
    expect(exit.code).toBe(0);
    expect(exit.ms).toBeLessThan(SHUTDOWN_TIMEOUT_MS + 1_000);
    silent.destroy();

    // The subscriber comes back by itself to the gateway started again on the same address.
    gateway = await startGateway(env, port);
    await expect.poll(() => connections, { timeout: 15_000 }).toBe(2);
    stopSubscription();
    await subscriber.dispose();
    gateway.kill('SIGTERM');
    await new Promise((resolve) => gateway.once('exit', resolve));
  });
});

/** The environment of one more gateway process on `port`, in front of the harness's subgraphs. */
function gatewayEnv(port: number, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: undefined,
    GATEWAY_PORT: String(port),
    LOG_LEVEL: 'warn',
    ...Object.fromEntries(SUBGRAPHS.map((name) => [`${name.toUpperCase()}_URL`, `http://127.0.0.1:${sut.subgraphPorts[name]}/graphql`])),
    ...extra,
  };
}

async function startGateway(env: NodeJS.ProcessEnv, port: number): Promise<ChildProcess> {
  const child = startService('gateway', new URL('../gateway/dist/index.js', import.meta.url).pathname, env, 5, !process.env.E2E_LOGS);
  await waitForReady(`http://127.0.0.1:${port}/healthz`, child);
  return child;
}

/** A WebSocket upgrade done by hand on a raw socket that then reads nothing and answers nothing. */
async function silentWebSocket(port: number): Promise<Socket> {
  const socket = tcpConnect(port, '127.0.0.1');
  socket.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => {
      socket.write(
        'GET /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
          'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: graphql-transport-ws\r\n\r\n',
      );
    });
    socket.once('data', (chunk: Buffer) => (chunk.toString().startsWith('HTTP/1.1 101') ? resolve() : reject(new Error(chunk.toString()))));
    socket.once('error', reject);
  });
  // From here on it reads nothing: the server's frames pile up unanswered.
  socket.pause();
  return socket;
}
