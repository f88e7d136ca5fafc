import 'reflect-metadata';
import { generateKeyPairSync } from 'node:crypto';
import { DEMO, IDENTITY_HEADER, routeAudience, signIdentity, type SubgraphApp } from '@kaikukanta/kit';
import { createTestDatabase, devIdentityPrivateKey, gatewayHeaders, gatewayToken, postGraphQL, testConfigEnv, type TestDatabase } from '@kaikukanta/kit/testing';
import { SignJWT } from 'jose';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApp } from '../app.js';
import { loadConfig } from '../config.js';

let db: TestDatabase;
let sut: SubgraphApp;
const queries: string[] = [];
const anonymous = { kind: 'anonymous' } as const;

beforeAll(async () => {
  db = await createTestDatabase(inject('pgAdminUrl'));
  const config = loadConfig({ ...testConfigEnv(db.url), ORGANIZATIONS_PORT: '0', SEED_DEMO_DATA: 'true' });
  sut = await createApp(config, { onQuery: (sql) => queries.push(sql) });
});

afterAll(async () => {
  await sut?.close();
  await db?.drop();
});

describe('organizations subgraph', () => {
  it('lists the seeded regions with their municipalities and organisations', async () => {
    const res = await postGraphQL<{ regions: { code: string; municipalities: { code: string }[]; organizations: { name: string; kinds: string[] }[] }[] }>(
      sut.server.url,
      '{ regions { code municipalities { code } organizations { name kinds } } }',
      {},
      await gatewayHeaders(anonymous),
    );
    expect(res.errors).toBeUndefined();
    const codes = res.data?.regions.map((r) => r.code);
    expect(codes).toEqual(['PIRKANMAA', 'POHJANMAA', 'UUSIMAA']);
    const pirkanmaa = res.data?.regions[0];
    expect(pirkanmaa?.municipalities.map((m) => m.code)).toContain('837');
    expect(pirkanmaa?.organizations.flatMap((o) => o.kinds)).toEqual(expect.arrayContaining(['DISTRIBUTOR', 'CULTURE_PROVIDER']));
  });

  it('decision 0025: the organisation list answers each filter by name, as every region lists its own; anonymous callers see active ones only', async () => {
    type Org = { id: string; name: string; kinds: string[]; venueType: string | null; field: string | null; active: boolean; municipality: { code: string } };
    const FIELDS = 'id name kinds venueType field active municipality { code }';
    const person = { kind: 'user', userId: DEMO.users.analyst, sessionId: '0a6c1a5e-0000-4000-8009-000000000001' } as const;
    const list = async (args: string, identity: Parameters<typeof gatewayHeaders>[0] = anonymous) => {
      const res = await postGraphQL<{ organizations: Org[] }>(sut.server.url, `{ organizations${args} { ${FIELDS} } }`, {}, await gatewayHeaders(identity));
      expect(res.errors).toBeUndefined();
      return res.data?.organizations ?? [];
    };
    const regions = await postGraphQL<{ regions: { id: string; organizations: Org[] }[] }>(sut.server.url, `{ regions { id organizations { ${FIELDS} } } }`, {}, await gatewayHeaders(anonymous));
    const all = await list('');
    const byName = (orgs: Org[]) => [...orgs].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : 1));
    expect(all.length).toBeGreaterThan(5);
    expect(all).toEqual(byName(all));
    for (const region of regions.data?.regions ?? []) expect(await list(`(regionId: "${region.id}")`)).toEqual(region.organizations);
    expect((regions.data?.regions ?? []).flatMap((r) => r.organizations.map((o) => o.id)).sort()).toEqual(all.map((o) => o.id).sort());
    const providers = await list('(kind: CULTURE_PROVIDER)');
    expect(providers.length).toBeGreaterThan(0);
    expect(providers).toEqual(all.filter((o) => o.kinds.includes('CULTURE_PROVIDER')));
    expect(await list('(municipalityCode: "837")')).toEqual(all.filter((o) => o.municipality.code === '837'));
    expect(await list('(regionId: "not-an-id")')).toEqual([]);
    // A deactivated organisation: listed to a signed-in person, not to the public.
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const hidden = all[0] as Org;
    try {
      await client.query('update organizations.organization set active = false where id = $1', [hidden.id]);
      expect((await list('')).map((o) => o.id)).not.toContain(hidden.id);
      expect((await list('', person)).find((o) => o.id === hidden.id)).toEqual({ ...hidden, active: false });
    } finally {
      await client.query('update organizations.organization set active = true where id = $1', [hidden.id]);
      await client.end();
    }
  });

  it('resolves many entity references with one SQL query per batch (DataLoader)', async () => {
    const ids = Object.values(DEMO.organizations);
    queries.length = 0;
    const res = await postGraphQL<{ _entities: { id: string; name: string }[] }>(
      sut.server.url,
      'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Organization { id name } } }',
      { r: ids.map((id) => ({ __typename: 'Organization', id })) },
      await gatewayHeaders(anonymous),
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?._entities.map((o) => o.id)).toEqual(ids);
    const organizationSelects = queries.filter((sql) => /from "organizations"\."organization"/i.test(sql));
    expect(organizationSelects).toHaveLength(1);
  });

  it('answers null for an unknown organisation reference without failing the batch', async () => {
    const res = await postGraphQL<{ _entities: ({ id: string } | null)[] }>(
      sut.server.url,
      'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Organization { id } } }',
      { r: [{ __typename: 'Organization', id: DEMO.organizations.ateneum }, { __typename: 'Organization', id: '00000000-0000-4000-8000-000000000000' }] },
      await gatewayHeaders(anonymous),
    );
    expect(res.data?._entities).toEqual([{ id: DEMO.organizations.ateneum }, null]);
  });

  it('seeding twice duplicates nothing', async () => {
    const count = async () => Number((await sut.orm.em.getConnection().execute('select count(*) as n from organizations.organization'))[0]?.n);
    const before = await count();
    const { seedDemoNetwork } = await import('../seeders/demo.seeder.js');
    await seedDemoNetwork(sut.orm.em.fork());
    expect(await count()).toBe(before);
  });
});

describe('organizations subgraph refuses requests that did not come through the gateway', () => {
  const query = JSON.stringify({ query: '{ regions { id } }' });

  it('without an identity token: 401 UNAUTHENTICATED', async () => {
    const res = await fetch(sut.server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: query });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0]?.extensions.code).toBe('UNAUTHENTICATED');
  });

  const send = (token: string, url = sut.server.url, body = query) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: token }, body });

  it('with a token signed by another key (forged): 401', async () => {
    const forged = await signIdentity(anonymous, generateKeyPairSync('ed25519').privateKey, { audience: 'organizations' });
    expect((await send(forged)).status).toBe(401);
  });

  it('M1: with an HS256 token signed with the old shared development secret: 401', async () => {
    const legacy = await new SignJWT({ idn: anonymous })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer('kaikukanta-gateway')
      .setAudience('kaikukanta-subgraph:organizations')
      .setIssuedAt()
      .setExpirationTime('15s')
      .sign(new TextEncoder().encode('kaikukanta-development-identity-secret-not-for-production'));
    expect((await send(legacy)).status).toBe(401);
  });

  it('M1: with a gateway token minted for another subgraph (cards): 401', async () => {
    expect((await send(await gatewayToken(anonymous, 'cards'))).status).toBe(401);
    expect((await send(await gatewayToken(anonymous, 'organizations'))).status).toBe(200);
  });

  it('M1: /internal/authenticate refuses a token for the GraphQL endpoint, and GraphQL one for /internal/authenticate', async () => {
    const internal = new URL('/internal/authenticate', sut.server.url).toString();
    const lookUp = JSON.stringify({ session: 'x'.repeat(40) });
    expect((await send(await gatewayToken(anonymous, 'organizations'), internal, lookUp)).status).toBe(401);
    expect((await send(await gatewayToken(anonymous, routeAudience('organizations', '/internal/authenticate')), internal, lookUp)).status).toBe(200);
    expect((await send(await gatewayToken(anonymous, routeAudience('organizations', '/internal/authenticate')))).status).toBe(401);
  });

  it('with an expired token: 401', async () => {
    const expired = await signIdentity(anonymous, devIdentityPrivateKey, { audience: 'organizations', ttlSeconds: -30 });
    expect((await send(expired)).status).toBe(401);
  });
});
