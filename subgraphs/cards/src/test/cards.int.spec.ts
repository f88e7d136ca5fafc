import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
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
      { r: ids.map((id) => ({ __typename: 'Organization', id, region: { id: REGION_OF[id] ?? DEMO.regions.uusimaa } })) },
      await gatewayHeaders(callers.nationalAdmin),
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

type Caller = Parameters<typeof gatewayHeaders>[0];
const person = (role: string, scope: { organizationId?: string; regionId?: string } = {}): Caller =>
  ({ kind: 'user', userId: randomUUID(), sessionId: randomUUID(), membership: { id: randomUUID(), role, ...scope } }) as Caller;
const callers = {
  anonymous: { kind: 'anonymous' } as Caller,
  nationalAdmin: person('NATIONAL_ADMIN'),
  nationalAnalyst: person('ANALYST'),
  pirkanmaaAdmin: person('REGION_ADMIN', { regionId: DEMO.regions.pirkanmaa }),
  pirkanmaaAnalyst: person('ANALYST', { regionId: DEMO.regions.pirkanmaa }),
  uusimaaAdmin: person('REGION_ADMIN', { regionId: DEMO.regions.uusimaa }),
  uusimaaAnalyst: person('ANALYST', { regionId: DEMO.regions.uusimaa }),
  helsinkiDistributor: person('DISTRIBUTOR', { organizationId: DEMO.organizations.helsinkiSocial, regionId: DEMO.regions.uusimaa }),
  tampereProvider: person('CULTURE_PROVIDER', { organizationId: DEMO.organizations.tampereTheatre, regionId: DEMO.regions.pirkanmaa }),
  partnerKey: { kind: 'apiKey', apiKeyId: randomUUID(), organizationId: DEMO.organizations.lippupiste, regionId: DEMO.regions.uusimaa, scopes: ['CARD_STATUS_READ'] } as Caller,
};

/** The regions of the demo distributors (organizations subgraph); the gateway sends it with each representation (@requires). */
const REGION_OF: Record<string, string> = {
  [DEMO.organizations.helsinkiSocial]: DEMO.regions.uusimaa,
  [DEMO.organizations.espooThirdSector]: DEMO.regions.uusimaa,
  [DEMO.organizations.tampereSocial]: DEMO.regions.pirkanmaa,
  [DEMO.organizations.vaasaHealth]: DEMO.regions.ostrobothnia,
};

/** A new distributor in Pirkanmaa with `cards` community cards, registered by its own staff. */
async function smallUnit(prefix: string, cards: number): Promise<{ id: string; staff: Caller }> {
  const id = randomUUID();
  const staff = person('DISTRIBUTOR', { organizationId: id, regionId: DEMO.regions.pirkanmaa });
  for (let i = 1; i <= cards; i += 1) {
    const res = await postGraphQL(sut.server.url, 'mutation ($c: String!) { registerCard(input: { code: $c, kind: COMMUNITY }) { id } }', { c: `${prefix}${String(i).padStart(4, '0')}` }, await gatewayHeaders(staff));
    expect(res.errors).toBeUndefined();
  }
  REGION_OF[id] = DEMO.regions.pirkanmaa;
  return { id, staff };
}

/** registeredCardCount of each organisation as `caller` sees it, resolved as the gateway would (with the region). */
async function countsAs(caller: Caller, ids: string[]): Promise<(number | null)[]> {
  const res = await postGraphQL<{ _entities: { registeredCardCount: number | null }[] }>(
    sut.server.url,
    'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Organization { registeredCardCount } } }',
    { r: ids.map((id) => ({ __typename: 'Organization', id, ...(REGION_OF[id] ? { region: { id: REGION_OF[id] } } : {}) })) },
    await gatewayHeaders(caller),
  );
  expect(res.errors).toBeUndefined();
  return res.data?._entities.map((o) => o.registeredCardCount) ?? [];
}

describe('R27: per-unit card counts only for callers scoped to the unit', () => {
  it('R27: an anonymous caller learns no per-unit count — not for a small unit, a large one or one with none — and costs no count query', async () => {
    const unit = await smallUnit('ANON', 2);
    queries.length = 0;
    expect(await countsAs(callers.anonymous, [unit.id, DEMO.organizations.helsinkiSocial, DEMO.organizations.ateneum])).toEqual([null, null, null]);
    expect(queries.filter((sql) => /from "cards"\."card"/i.test(sql))).toHaveLength(0);
  });

  it('R27: out-of-scope callers get null; the organisation itself, its region’s responsible person and analysts, national admins and analysts get the exact count', async () => {
    const unit = await smallUnit('SCOPE', 2);
    const ids = [unit.id, DEMO.organizations.helsinkiSocial];
    const cases: [string, Caller, (number | null)[]][] = [
      ['the unit’s own staff', unit.staff, [2, null]],
      ['its region’s responsible person', callers.pirkanmaaAdmin, [2, null]],
      ['its region’s analyst', callers.pirkanmaaAnalyst, [2, null]],
      ['a national admin', callers.nationalAdmin, [2, 13]],
      ['a national analyst', callers.nationalAnalyst, [2, 13]],
      ['another region’s responsible person', callers.uusimaaAdmin, [null, 13]],
      ['another region’s analyst', callers.uusimaaAnalyst, [null, 13]],
      ['another organisation’s distributor', callers.helsinkiDistributor, [null, 13]],
      ['a culture provider of the same region', callers.tampereProvider, [null, null]],
      ['a partner key', callers.partnerKey, [null, null]],
    ];
    for (const [who, caller, expected] of cases) expect({ who, counts: await countsAs(caller, ids) }).toEqual({ who, counts: expected });
  });

  it('R27: a responsible person is not scoped to a unit whose region the gateway did not send', async () => {
    const unit = await smallUnit('NOREG', 1);
    delete REGION_OF[unit.id];
    expect(await countsAs(callers.pirkanmaaAdmin, [unit.id])).toEqual([null]);
    expect(await countsAs(unit.staff, [unit.id])).toEqual([1]);
  });

  it('R27: differencing — with exactly one unit at 3 cards, national − Σ visible counts never equals its 3, for any caller who may not see it', async () => {
    const unit = await smallUnit('DIFF', 3);
    const ids = [...Object.values(DEMO.organizations), unit.id];
    const [row] = await sut.orm.em.fork().execute<{ n: string }[]>('select count(*) as n from cards.card where distributor_id in (?)', [ids]);
    // The national figure of this set, exact: stronger than the rounded one the public gets from statistics.
    const national = Number(row?.n);
    for (const caller of [callers.anonymous, callers.tampereProvider, callers.helsinkiDistributor, callers.uusimaaAdmin, callers.uusimaaAnalyst, callers.partnerKey]) {
      const counts = await countsAs(caller, ids);
      expect(counts[ids.length - 1]).toBeNull();
      const visible = counts.reduce<number>((sum, count) => sum + (count ?? 0), 0);
      expect(national - visible).not.toBe(3);
    }
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
