import { DEMO, IDENTITY_HEADER } from '@kaikukanta/kit';
import { gatewayToken, postGraphQL } from '@kaikukanta/kit/testing';
import { createClient } from 'graphql-ws';
import pg from 'pg';
import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { gatewayRequest, startE2ESystem, type E2ESystem } from './support.ts';

let sut: E2ESystem;

beforeAll(async () => {
  sut = await startE2ESystem(inject('pgAdminUrl'));
});

afterAll(async () => {
  await sut?.teardown();
});

describe('gateway: one query across the four subgraphs', () => {
  it('returns regions and organisations (organizations) with card counts (cards), events (usage) and national figures (statistics)', async () => {
    type Network = {
      regions: { code: string; organizations: { id: string; name: string; registeredCardCount: number | null; upcomingEvents: { name: string; cap: number | null }[] }[] }[];
      nationalSummary: { cardsRegistered: number; uses: number; roundedDownTo: number };
    };
    const query = `{ regions { code organizations { id name registeredCardCount upcomingEvents { name cap provider { name } } } }
         nationalSummary { cardsRegistered uses roundedDownTo } }`;
    const res = await postGraphQL<Network>(sut.graphqlUrl, query);
    expect(res.errors).toBeUndefined();
    const organizations = res.data?.regions.flatMap((r) => r.organizations) ?? [];
    expect(organizations).toHaveLength(Object.keys(DEMO.organizations).length);
    const byId = Object.fromEntries(organizations.map((o) => [o.id, o]));
    // R27: the public learns no per-unit count; the region travels from organizations to cards (@requires) for those who may.
    expect(organizations.map((o) => o.registeredCardCount).filter((count) => count !== null)).toEqual([]);
    expect(byId[DEMO.organizations.kansallisteatteri]?.upcomingEvents[0]).toMatchObject({ name: 'Seitsemän veljestä', cap: 20 });
    // Statistics counts registrations from the cards outbox and uses from the usage outbox as it reads them, so the seed's
    // 52 cards and its past uses (issue 9: a few hundred, a couple cancelled) may arrive a moment after start; the public
    // sees them rounded down to tens (R27).
    const db = new pg.Client({ connectionString: sut.db.url });
    await db.connect();
    const held = await db.query<{ n: number }>('select count(*)::int as n from usage.usage where cancelled_at is null').finally(() => db.end());
    const uses = Math.floor((held.rows[0]?.n ?? 0) / 10) * 10;
    expect(uses).toBeGreaterThanOrEqual(200);
    let summary = res.data?.nationalSummary;
    for (const deadline = Date.now() + 10_000; (summary?.cardsRegistered !== 50 || summary.uses !== uses) && Date.now() < deadline; ) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const next = await postGraphQL<{ nationalSummary: Network['nationalSummary'] }>(sut.graphqlUrl, '{ nationalSummary { cardsRegistered uses roundedDownTo } }');
      summary = next.data?.nationalSummary;
    }
    expect(summary).toEqual({ cardsRegistered: 50, uses, roundedDownTo: 10 });

    const login = await gatewayRequest(sut.graphqlUrl, 'mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { user { id } } }', { e: 'vastuuhenkilo.pirkanmaa@kaikukanta.demo', p: DEMO.password });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const scoped = await gatewayRequest<Network>(sut.graphqlUrl, query, {}, { cookie });
    expect(scoped.errors).toBeUndefined();
    const counts = Object.fromEntries((scoped.data?.regions.flatMap((r) => r.organizations) ?? []).map((o) => [o.id, o.registeredCardCount]));
    // Pirkanmaa's responsible person: exact counts for the region's units, none for other regions'.
    expect(counts[DEMO.organizations.tampereSocial]).toBe(13);
    expect(counts[DEMO.organizations.helsinkiSocial]).toBeNull();
  });

  it('resolves an entity owned by another subgraph from a usage-owned root (Event.provider → organizations)', async () => {
    const res = await postGraphQL<{ upcomingEvents: { provider: { name: string; region: { code: string } } }[] }>(
      sut.graphqlUrl,
      `query ($p: ID) { upcomingEvents(providerId: $p, limit: 3) { provider { name region { code } } } }`,
      { p: DEMO.organizations.vaasaSwimmingHall },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.upcomingEvents).toHaveLength(3);
    expect(res.data?.upcomingEvents[0]?.provider).toEqual({ name: 'Vaasan uimahalli', region: { code: 'POHJANMAA' } });
  });
});

describe('gateway: identity and errors', () => {
  it('ignores an identity header sent by the client: the gateway alone vouches for callers', async () => {
    const forged = await gatewayToken(
      { kind: 'user', userId: 'x', sessionId: 'x', membership: { id: 'x', role: 'DISTRIBUTOR', organizationId: DEMO.organizations.helsinkiSocial } },
      'cards',
    );
    const res = await postGraphQL(sut.graphqlUrl, '{ myOrganizationsCards { code } }', {}, { [IDENTITY_HEADER]: forged });
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(res.data).toBeNull();
  });

  it("answers in the caller's language with a stable code", async () => {
    const sv = await postGraphQL(sut.graphqlUrl, '{ myOrganizationsCards { code } }', {}, { 'accept-language': 'sv-FI' });
    expect(sv.errors?.[0]).toMatchObject({ message: 'Logga in.', extensions: { code: 'UNAUTHENTICATED' } });
    const en = await postGraphQL(sut.graphqlUrl, '{ myOrganizationsCards { code } }', {}, { 'accept-language': 'en' });
    expect(en.errors?.[0]?.message).toBe('Please log in.');
  });

  it('rejects an invalid operation with GRAPHQL_VALIDATION_FAILED', async () => {
    const res = await postGraphQL(sut.graphqlUrl, '{ regions { nope } }');
    expect(res.status).toBe(400);
    expect(res.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('refuses batched requests and over-deep queries before they reach a subgraph', async () => {
    const batch = await fetch(sut.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ query: '{ regions { id } }' }, { query: '{ regions { id } }' }]),
    });
    expect(batch.status).toBe(400);
    const nested = (depth: number): string => (depth === 0 ? 'id' : `organizations { region { ${nested(depth - 1)} } }`);
    const deep = `{ regions { ${nested(8)} } }`;
    const res = await postGraphQL(sut.graphqlUrl, deep);
    expect(res.data ?? null).toBeNull();
    expect(res.errors?.[0]?.message).toMatch(/depth/i);
  });

  it('L6: refuses a GET query (no preflight header needed: GraphQL is POST only)', async () => {
    const res = await fetch(`${sut.graphqlUrl}?query=${encodeURIComponent('{ regions { id } }')}`);
    expect(res.status).toBe(405);
  });
});

describe('gateway: live channel over WebSocket on /graphql', () => {
  it('relays the statistics subgraph heartbeat subscription to the client', async () => {
    const client = createClient({ url: `ws://127.0.0.1:${sut.port}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0 });
    const ticks: number[] = [];
    try {
      for await (const result of client.iterate<{ heartbeat: { sequence: number; at: string } }>({ query: 'subscription { heartbeat { sequence at } }' })) {
        expect(result.errors).toBeUndefined();
        ticks.push(result.data?.heartbeat.sequence ?? -1);
        if (ticks.length === 2) break;
      }
    } finally {
      await client.dispose();
    }
    expect(ticks[1]).toBeGreaterThan(ticks[0] as number);
  });

  it('rejects an invalid subscription at the gateway with a validation error', async () => {
    const client = createClient({ url: `ws://127.0.0.1:${sut.port}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0 });
    try {
      const iterate = async () => {
        for await (const _ of client.iterate({ query: 'subscription { nope }' })) return;
      };
      await expect(iterate()).rejects.toEqual(expect.arrayContaining([expect.objectContaining({ message: expect.stringContaining('nope') })]));
    } finally {
      await client.dispose();
    }
  });
});

describe('gateway: live channel limits and revocation', () => {
  it('ends a subscription socket when its session is logged out (re-authenticated as often as the identity cache expires)', async () => {
    const login = await gatewayRequest(sut.graphqlUrl, 'mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { user { id } } }', {
      e: 'analyytikko@kaikukanta.demo',
      p: DEMO.password,
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect(cookie).toMatch(/^kk_session=.+/);
    // A browser sends its cookie with the WebSocket upgrade.
    const WithCookie = class extends WebSocket {
      constructor(address: string, protocols?: string | string[]) {
        super(address, protocols, { headers: { cookie } });
      }
    };
    let closed: { code: number } | undefined;
    const client = createClient({ url: `ws://127.0.0.1:${sut.port}/graphql`, webSocketImpl: WithCookie, retryAttempts: 0, on: { closed: (event) => (closed = event as { code: number }) } });
    try {
      const ticks = client.iterate({ query: 'subscription { heartbeat { sequence } }' });
      expect((await ticks.next()).done).toBe(false);
      await gatewayRequest(sut.graphqlUrl, 'mutation { logout }', {}, { cookie });
      await expect.poll(() => closed?.code, { timeout: 15_000 }).toBe(4401);
    } finally {
      await client.dispose();
    }
  }, 30_000);

  it('refuses more than 20 subscriptions on one socket', async () => {
    const client = createClient({ url: `ws://127.0.0.1:${sut.port}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0 });
    const results: Promise<unknown>[] = [];
    const stops: (() => void)[] = [];
    try {
      for (let i = 0; i < 21; i++) {
        results.push(
          new Promise((resolve) => {
            stops.push(client.subscribe({ query: 'subscription { heartbeat { sequence } }' }, { next: () => resolve('ok'), error: resolve, complete: () => undefined }));
          }),
        );
      }
      const outcomes = await Promise.all(results);
      const refused = outcomes.filter((o) => Array.isArray(o)) as { extensions?: { code?: string } }[][];
      expect(refused).toHaveLength(1);
      expect(refused[0]?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    } finally {
      stops.forEach((stop) => stop());
      await client.dispose();
    }
  });
});

describe('gateway: health, readiness, metrics and the web app', () => {
  it('reports health and readiness of every subgraph', async () => {
    expect((await fetch(`http://127.0.0.1:${sut.port}/healthz`)).status).toBe(200);
    const ready = await fetch(`http://127.0.0.1:${sut.port}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', subgraphs: { organizations: true, cards: true, usage: true, statistics: true } });
  });

  it('exposes Prometheus metrics', async () => {
    const text = await (await fetch(`http://127.0.0.1:${sut.port}/metrics`)).text();
    expect(text).toMatch(/kaikukanta_http_requests_total\{route="\/graphql",status="2xx"\} \d+/);
  });

  it('serves the web app at / and for client-side routes, never files outside it', async () => {
    const home = await fetch(`http://127.0.0.1:${sut.port}/`);
    expect(home.status).toBe(200);
    expect(home.headers.get('content-type')).toContain('text/html');
    const html = await home.text();
    expect(await (await fetch(`http://127.0.0.1:${sut.port}/some/client/route`)).text()).toBe(html);
    const traversal = await fetch(`http://127.0.0.1:${sut.port}/..%2f..%2fpackage.json`);
    expect(await traversal.text()).not.toContain('"workspaces"');
  });
});
