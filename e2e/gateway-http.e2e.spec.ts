import { readFileSync } from 'node:fs';
import { DEMO } from '@kaikukanta/kit';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { GATEWAY_V8_FLAGS } from '../docker/services.ts';
import { gatewayRequest, pidListeningOn, startE2ESystem, type E2ESystem } from './support.ts';

/**
 * The gateway's HTTP side through the real processes: the list-aware cost
 * limit (H1) and POST-only GraphQL (L6). The production-only parts (ops port,
 * `__Host-` cookie) are covered in gateway/src/app.spec.ts.
 */

let sut: E2ESystem;

beforeAll(async () => {
  // The gateway as deployed (docker/compose.yaml): its V8 flags, for it alone.
  sut = await startE2ESystem(inject('pgAdminUrl'), { GATEWAY_NODE_OPTIONS: GATEWAY_V8_FLAGS });
});

/** NODE_OPTIONS a running process was started with, from /proc. */
function nodeOptionsOf(pid: number): string | undefined {
  const entry = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').find((variable) => variable.startsWith('NODE_OPTIONS='));
  return entry?.slice('NODE_OPTIONS='.length);
}

describe('issue 12: GATEWAY_NODE_OPTIONS', () => {
  it('reach the gateway alone, which then answers as usual', async () => {
    expect(nodeOptionsOf(await pidListeningOn(sut.port))).toContain(GATEWAY_V8_FLAGS);
    expect(nodeOptionsOf(await pidListeningOn(sut.subgraphPorts.cards as number)) ?? '').not.toContain('max-old-space-size');
    expect((await gatewayRequest(sut.graphqlUrl, '{ regions { code } }')).errors).toBeUndefined();
  });
});

afterAll(async () => {
  await sut?.teardown();
});

/** The review's query: depth 12, no aliases, accepted by graphql-armor alone. */
const FAN_OUT = `{ organizations { region { organizations { region { organizations { region {
  organizations { region { organizations { region { organizations { id } } } } } } } } } } } }`;

async function adminCookie(): Promise<string> {
  const login = await gatewayRequest(sut.graphqlUrl, 'mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { user { id } } }', {
    e: 'admin@kaikukanta.demo',
    p: DEMO.password,
  });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  if (!/^kk_session=.+/.test(cookie)) throw new Error(`no session: ${JSON.stringify(login.errors)}`);
  return cookie;
}

describe('H1: list fan-out', () => {
  it('H1: the anonymous depth-12 fan-out over 40 organisations in one region is refused before planning, and /readyz answers meanwhile', async () => {
    const cookie = await adminCookie();
    for (let i = 0; i < 40; i++) {
      const created = await gatewayRequest(
        sut.graphqlUrl,
        'mutation ($input: OrganizationInput!) { createOrganization(input: $input) { id } }',
        { input: { name: `H1-järjestö ${i}`, kinds: ['DISTRIBUTOR'], municipalityCode: '837' } },
        { cookie },
      );
      expect(created.errors).toBeUndefined();
    }

    const started = performance.now();
    const [refused, ready] = await Promise.all([
      gatewayRequest(sut.graphqlUrl, FAN_OUT, {}, { 'accept-language': 'en' }),
      fetch(`http://127.0.0.1:${sut.port}/readyz`).then((res) => ({ status: res.status, ms: performance.now() - started })),
    ]);
    expect(refused.status).toBe(400);
    expect(refused.data ?? null).toBeNull();
    expect(refused.errors?.[0]).toMatchObject({ message: expect.stringMatching(/too large/), extensions: { code: 'QUERY_TOO_COMPLEX' } });
    expect(ready.status).toBe(200);
    expect(ready.ms).toBeLessThan(1_000);
  });

  it('H1: a `limit` given as a variable is counted once the variables are known', async () => {
    // The nested list is `sites`: `provider { region { organizations } }` is refused by the organizations subgraph
    // itself (NESTED_LIST_REFUSED: a region reached from an organisation lists none, H1).
    const query = 'query ($n: Int!) { upcomingEvents(limit: $n) { id provider { region { code } sites { id municipality { code } } } } }';
    const small = await gatewayRequest(sut.graphqlUrl, query, { n: 2 });
    expect(small.errors).toBeUndefined();
    const huge = await gatewayRequest(sut.graphqlUrl, query, { n: 100_000 });
    expect(huge.status).toBe(400);
    expect(huge.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
  });

  it("H1: the web app's network page query still answers (three nested lists)", async () => {
    const res = await gatewayRequest(sut.graphqlUrl, '{ regions { code municipalities { code } organizations { id name upcomingEvents { id } } } }');
    expect(res.errors).toBeUndefined();
    expect(res.data?.regions).not.toHaveLength(0);
  });
});

describe('L6: POST only', () => {
  it('L6: a GET query with the preflight header is refused 405 (Allow: POST), so card codes stay out of access logs', async () => {
    const query = encodeURIComponent('{ cardStatus(code: "AM9999999999") { usable } }');
    const res = await fetch(`${sut.graphqlUrl}?query=${query}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
  });
});
