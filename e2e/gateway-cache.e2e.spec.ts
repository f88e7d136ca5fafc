import { DEMO } from '@kaikukanta/kit';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { gatewayRequest, startE2ESystem, type E2ESystem } from './support.ts';

/**
 * The anonymous response cache (decision 0021) through the real processes: the public network page is answered
 * from it, a signed-in caller or a partner key never reads or fills it, and a write through the gateway shows at
 * once. No timing is asserted: "a hit" is polled for, since an answer lives only a few seconds.
 */

let sut: E2ESystem;

beforeAll(async () => {
  sut = await startE2ESystem(inject('pgAdminUrl'));
});

afterAll(async () => {
  await sut?.teardown();
});

const CACHE = 'x-kaikukanta-cache';
const NETWORK = `{ regions { code organizations { id name registeredCardCount } } nationalSummary { cardsRegistered uses roundedDownTo } }`;
type Network = { regions: { code: string; organizations: { id: string; name: string; registeredCardCount: number | null }[] }[] };

const counts = (data: Network | null | undefined) => Object.fromEntries((data?.regions.flatMap((r) => r.organizations) ?? []).map((o) => [o.id, o.registeredCardCount]));

async function login(email: string): Promise<string> {
  const res = await gatewayRequest(sut.graphqlUrl, 'mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { user { id } } }', { e: email, p: DEMO.password });
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  if (!cookie.includes('=')) throw new Error(`no session: ${JSON.stringify(res.errors)}`);
  return cookie;
}

/** Anonymous requests of `query` until one is answered from the cache; that answer. */
async function anonymousHit<T>(query: string) {
  let last: Awaited<ReturnType<typeof gatewayRequest<T>>> | undefined;
  await expect.poll(async () => (last = await gatewayRequest<T>(sut.graphqlUrl, query)).headers.get(CACHE), { timeout: 15_000 }).toBe('hit');
  return last as Awaited<ReturnType<typeof gatewayRequest<T>>>;
}

describe('decision 0021: anonymous public reads from the response cache', () => {
  it('R27: the anonymous network page comes from the cache, a signed-in person neither gets it nor fills it, nor does a partner key', async () => {
    const first = await gatewayRequest<Network>(sut.graphqlUrl, NETWORK);
    expect(first.errors).toBeUndefined();
    const hit = await anonymousHit<Network>(NETWORK);
    expect(hit.data).toEqual(first.data);
    expect(Object.values(counts(hit.data)).filter((count) => count !== null)).toEqual([]);

    // The responsible person of Pirkanmaa sees exact counts of the region's units: never the anonymous answer.
    const cookie = await login('vastuuhenkilo.pirkanmaa@kaikukanta.demo');
    for (let i = 0; i < 3; i++) {
      const scoped = await gatewayRequest<Network>(sut.graphqlUrl, NETWORK, {}, { cookie });
      expect(scoped.headers.get(CACHE)).toBeNull();
      expect(counts(scoped.data)[DEMO.organizations.tampereSocial]).toBe(13);
    }
    const partner = await gatewayRequest<Network>(sut.graphqlUrl, NETWORK, {}, { authorization: `Bearer ${DEMO.apiKey}` });
    expect(partner.headers.get(CACHE)).toBeNull();

    // …and what they were answered was not stored for the public.
    const after = await anonymousHit<Network>(NETWORK);
    expect(Object.values(counts(after.data)).filter((count) => count !== null)).toEqual([]);
  });

  it('a new organisation shows to the public at once: a mutation through the gateway empties the cache', async () => {
    await anonymousHit<Network>(NETWORK);
    const admin = await login('admin@kaikukanta.demo');
    const name = `Välimuistitesti ${Date.now()}`;
    const created = await gatewayRequest(sut.graphqlUrl, 'mutation ($input: OrganizationInput!) { createOrganization(input: $input) { id } }', { input: { name, kinds: ['DISTRIBUTOR'], municipalityCode: '837' } }, { cookie: admin });
    expect(created.errors).toBeUndefined();
    const fresh = await gatewayRequest<Network>(sut.graphqlUrl, NETWORK);
    expect(fresh.headers.get(CACHE)).toBe('miss');
    expect(fresh.data?.regions.flatMap((r) => r.organizations).map((o) => o.name)).toContain(name);
  });

  it('Cache-Control: no-cache gets a fresh answer; an operation with a non-public root field is never cached', async () => {
    await anonymousHit<Network>(NETWORK);
    const fresh = await gatewayRequest<Network>(sut.graphqlUrl, NETWORK, {}, { 'cache-control': 'no-cache' });
    expect(fresh.headers.get(CACHE)).toBe('miss');
    const mixed = '{ regions { code } upcomingEvents(limit: 1) { id } }';
    for (let i = 0; i < 2; i++) {
      const res = await gatewayRequest(sut.graphqlUrl, mixed);
      expect(res.errors).toBeUndefined();
      expect(res.headers.get(CACHE)).toBeNull();
    }
  });
});
