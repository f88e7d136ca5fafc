import 'reflect-metadata';
import { DEMO, type SubgraphApp } from '@kaikukanta/kit';
import { createTestDatabase, gatewayHeaders, postGraphQL, testConfigEnv, type TestDatabase } from '@kaikukanta/kit/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApp } from '../app.js';
import { loadConfig } from '../config.js';

let db: TestDatabase;
let sut: SubgraphApp;
const queries: string[] = [];

beforeAll(async () => {
  db = await createTestDatabase(inject('pgAdminUrl'));
  sut = await createApp(loadConfig({ ...testConfigEnv(db.url), CARDS_PORT: '0', SEED_DEMO_DATA: 'true' }), {
    onQuery: (sql) => queries.push(sql),
  });
});

afterAll(async () => {
  await sut?.close();
  await db?.drop();
});

describe('cards subgraph', () => {
  it('contributes Organization.registeredCardCount, counted for the whole batch in one SQL query', async () => {
    const ids = Object.values(DEMO.organizations);
    queries.length = 0;
    const res = await postGraphQL<{ _entities: { id: string; registeredCardCount: number }[] }>(
      sut.server.url,
      'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Organization { id registeredCardCount } } }',
      { r: ids.map((id) => ({ __typename: 'Organization', id })) },
      await gatewayHeaders({ kind: 'anonymous' }),
    );
    expect(res.errors).toBeUndefined();
    const counts = Object.fromEntries(res.data?._entities.map((o) => [o.id, o.registeredCardCount]) ?? []);
    // The demo seed spreads 52 cards over the four distributors; culture providers have none.
    expect(counts[DEMO.organizations.helsinkiSocial]).toBe(13);
    expect(counts[DEMO.organizations.ateneum]).toBe(0);
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(52);
    expect(queries.filter((sql) => /from "cards"\."card"/i.test(sql))).toHaveLength(1);
  });

  it("lists cards only to a distributor's staff, and only their own organisation's", async () => {
    const query = '{ myOrganizationsCards(limit: 100) { code kind distributor { id } } }';
    const anonymous = await postGraphQL(sut.server.url, query, {}, await gatewayHeaders({ kind: 'anonymous' }));
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    const provider = await postGraphQL(
      sut.server.url,
      query,
      {},
      await gatewayHeaders({ kind: 'user', userId: 'u1', sessionId: 's1', membership: { id: 'm1', role: 'CULTURE_PROVIDER', organizationId: DEMO.organizations.ateneum } }),
    );
    expect(provider.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const distributor = await postGraphQL<{ myOrganizationsCards: { code: string; distributor: { id: string } }[] }>(
      sut.server.url,
      query,
      {},
      await gatewayHeaders({ kind: 'user', userId: 'u2', sessionId: 's2', membership: { id: 'm2', role: 'DISTRIBUTOR', organizationId: DEMO.organizations.vaasaHealth } }),
    );
    expect(distributor.errors).toBeUndefined();
    expect(distributor.data?.myOrganizationsCards).toHaveLength(13);
    expect(new Set(distributor.data?.myOrganizationsCards.map((c) => c.distributor.id))).toEqual(new Set([DEMO.organizations.vaasaHealth]));
  });
});

describe('R27: published card counts do not reveal individuals', () => {
  it('a count of 1–4 is suppressed for the public, but exact for the organisation itself and national admins', async () => {
    const smallUnit = '0a6c1a5e-0000-4000-8000-0000000009a1';
    const distributor = { kind: 'user', userId: '0a6c1a5e-0000-4000-8000-0000000009a2', sessionId: 's', membership: { id: '0a6c1a5e-0000-4000-8000-0000000009a3', role: 'DISTRIBUTOR', organizationId: smallUnit } } as const;
    const register = 'mutation ($c: String!) { registerCard(input: { code: $c, kind: COMMUNITY }) { id } }';
    for (const code of ['SMALL0001', 'SMALL0002']) {
      const res = await postGraphQL(sut.server.url, register, { c: code }, await gatewayHeaders(distributor));
      expect(res.errors).toBeUndefined();
    }
    const count = async (identity: Parameters<typeof gatewayHeaders>[0]) => {
      const res = await postGraphQL<{ _entities: { registeredCardCount: number | null }[] }>(
        sut.server.url,
        'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Organization { registeredCardCount } } }',
        { r: [{ __typename: 'Organization', id: smallUnit }, { __typename: 'Organization', id: DEMO.organizations.ateneum }] },
        await gatewayHeaders(identity),
      );
      return res.data?._entities.map((o) => o.registeredCardCount);
    };
    expect(await count({ kind: 'anonymous' })).toEqual([null, 0]);
    expect(await count({ kind: 'user', userId: 'u', sessionId: 's', membership: { id: 'm', role: 'CULTURE_PROVIDER', organizationId: DEMO.organizations.ateneum } })).toEqual([null, 0]);
    expect(await count(distributor)).toEqual([2, 0]);
    expect(await count({ kind: 'user', userId: 'u', sessionId: 's', membership: { id: 'm', role: 'NATIONAL_ADMIN' } })).toEqual([2, 0]);
  });
});

describe('L4: ending an organisation’s community cards holds the outbox lock only for one append', () => {
  it('L4: every card and history change is written first, then all events in one outbox insert', async () => {
    const unit = '0a6c1a5e-0000-4000-8000-0000000009b1';
    const staff = { kind: 'user', userId: '0a6c1a5e-0000-4000-8000-0000000009b2', sessionId: 's', membership: { id: '0a6c1a5e-0000-4000-8000-0000000009b3', role: 'DISTRIBUTOR', organizationId: unit } } as const;
    for (const code of ['ENDALL001', 'ENDALL002', 'ENDALL003']) {
      const res = await postGraphQL(sut.server.url, 'mutation ($c: String!) { registerCard(input: { code: $c, kind: COMMUNITY }) { id } }', { c: code }, await gatewayHeaders(staff));
      expect(res.errors).toBeUndefined();
    }
    queries.length = 0;
    const res = await postGraphQL<{ endCommunityCards: number }>(sut.server.url, 'mutation ($o: ID!) { endCommunityCards(organizationId: $o) }', { o: unit }, await gatewayHeaders(staff));
    expect(res.data?.endCommunityCards).toBe(3);
    const writes = queries.filter((sql) => /^(insert into|update) "cards"\."(card|card_history|outbox)"/i.test(sql.trim()));
    const outbox = writes.filter((sql) => /"cards"\."outbox"/i.test(sql));
    expect(outbox).toHaveLength(1);
    expect(writes.at(-1)).toBe(outbox[0]);
    const [events] = await sut.orm.em.fork().execute<{ n: string }[]>(
      "select count(*) as n from cards.outbox o join cards.card c on c.id = o.card_id where c.distributor_id = ? and o.type = 'ENDED'",
      [unit],
    );
    expect(Number(events?.n)).toBe(3);
  });
});
