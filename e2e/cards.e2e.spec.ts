import { readFile } from 'node:fs/promises';
import { DEMO } from '@kaikukanta/kit';
import { buildSchema, getNamedType, isObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { gatewayRequest, startE2ESystem, type E2ESystem } from './support.ts';

/**
 * R29 through the real gateway and subgraph processes: a culture provider, a
 * ticket agent and a partner system learn whether a card can be used — and
 * nothing that reaches a card's record or its background data, whatever shape
 * the query takes. A distributor sees its own cards' background.
 */

let sut: E2ESystem;
const sessions: Record<'provider' | 'agent' | 'distributor' | 'analyst', Record<string, string>> = { provider: {}, agent: {}, distributor: {}, analyst: {} };
const partnerKey = { authorization: `Bearer ${DEMO.apiKey}` };


const gql = <T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
  gatewayRequest<T>(sut.graphqlUrl, query, variables, headers);

const LOGIN = 'mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { activeMembership { role } } }';

/** Logs a demo person in and returns the Cookie header the browser would send back. */
async function login(email: string): Promise<Record<string, string>> {
  const res = await gql<{ login: { activeMembership: { role: string } | null } }>(LOGIN, { e: email, p: DEMO.password });
  expect(res.errors, email).toBeUndefined();
  const pair = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  if (!pair.startsWith('kk_session=') || pair === 'kk_session=') throw new Error(`no session cookie for ${email}`);
  return { cookie: pair };
}

beforeAll(async () => {
  sut = await startE2ESystem(inject('pgAdminUrl'));
  sessions.provider = await login('lipputoimisto.ttt@kaikukanta.demo');
  sessions.agent = await login('lipunvalitys@kaikukanta.demo');
  sessions.distributor = await login('jakaja.tampere@kaikukanta.demo');
  sessions.analyst = await login('analyytikko@kaikukanta.demo');
});

afterAll(async () => {
  await sut?.teardown();
});

/** Demo card i: `AM9900(1000+i)`, id `0a6c1a5e-0000-4000-8000-00000001000i`; Tampere's distributor registered every fourth from i = 2. */
const demoCard = (i: number) => ({ code: `AM9900${1000 + i}`, id: `0a6c1a5e-0000-4000-8000-00000001${String(i).padStart(4, '0')}` });
const TAMPERE_CARD = demoCard(2);
const HELSINKI_CARD = demoCard(0);

const STATUS = 'query ($code: String!) { cardStatus(code: $code) { code usable reason kind lastValidDay childTicketLimit } }';

type Reader = 'provider' | 'agent' | 'partner key';
const readers: Reader[] = ['provider', 'agent', 'partner key'];
const headersOf = (reader: Reader) => (reader === 'partner key' ? partnerKey : reader === 'agent' ? sessions.agent : sessions.provider);

describe('R29: venues, ticket agents and partner systems read card status', () => {
  it.each(readers)('R29: the %s reads cardStatus for a demo card: usable, kind, last valid day and child tickets', async (reader) => {
    const res = await gql<{ cardStatus: Record<string, unknown> }>(STATUS, { code: ` ${TAMPERE_CARD.code.toLowerCase()} ` }, headersOf(reader));
    expect(res.errors).toBeUndefined();
    expect(res.data?.cardStatus).toMatchObject({ code: TAMPERE_CARD.code, usable: true, reason: null, kind: 'PERSONAL', lastValidDay: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    expect(Object.keys(res.data?.cardStatus ?? {}).sort()).toEqual(['childTicketLimit', 'code', 'kind', 'lastValidDay', 'reason', 'usable']);
  });

  it('R29: an analyst and an anonymous caller cannot read card status', async () => {
    const analyst = await gql(STATUS, { code: TAMPERE_CARD.code }, sessions.analyst);
    expect(analyst.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(analyst.data).toBeNull();
    const anonymous = await gql(STATUS, { code: TAMPERE_CARD.code });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('R29: no query shape reaches a card or its background for them', () => {
  it('R29: the client schema reaches Card and Background only through the fields refused below', async () => {
    const schema = buildSchema(await readFile(new URL('../schema/api.graphql', import.meta.url), 'utf8'));
    const reaching: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__')) continue;
      for (const field of Object.values(type.getFields())) {
        const target = getNamedType(field.type).name;
        if (['Card', 'CardPage', 'Background', 'CardHistoryEntry'].includes(target)) reaching.push(`${type.name}.${field.name}`);
      }
    }
    // A new field here (say Organization.cards) must be added to SHAPES below and refused.
    expect(reaching.sort()).toEqual(
      [
        'Card.background',
        'Card.history',
        'CardPage.items',
        'Mutation.endCard',
        'Mutation.extendCard',
        'Mutation.registerCard',
        'Mutation.takeCardOutOfUse',
        'Query.card',
        'Query.cards',
        'Query.myOrganizationsCards',
      ].sort(),
    );
  });

  const SHAPES: [string, string, Record<string, unknown>?][] = [
    ['cards', '{ cards { total items { id code } } }'],
    ['cards with background', '{ cards(filter: { usable: true }) { items { background { birthYear postalCode lifeSituations } } } }'],
    ['card by id', 'query ($id: ID) { card(id: $id) { id code validUntil } }', { id: TAMPERE_CARD.id }],
    ['card by code', 'query ($code: String) { card(code: $code) { id history { kind actorUserId } } }', { code: TAMPERE_CARD.code }],
    ['card by code with background', 'query ($code: String) { card(code: $code) { background { birthYear } } }', { code: TAMPERE_CARD.code }],
    ['card without arguments, background only', '{ card { background { birthYear } } }'],
    ['myOrganizationsCards', '{ myOrganizationsCards { id code background { birthYear minorChildren } } }'],
    ['card next to cardStatus', `query ($code: String!) { cardStatus(code: $code) { usable } card(code: $code) { background { birthYear } } }`, { code: TAMPERE_CARD.code }],
    ['registerCard', 'mutation { registerCard(input: { code: "E2E0001", kind: COMMUNITY }) { id background { birthYear } } }'],
    ['extendCard', 'mutation ($id: ID!) { extendCard(id: $id) { background { birthYear } } }', { id: TAMPERE_CARD.id }],
    ['endCard', 'mutation ($id: ID!) { endCard(id: $id) { id } }', { id: TAMPERE_CARD.id }],
    ['takeCardOutOfUse', 'mutation ($id: ID!) { takeCardOutOfUse(id: $id, reason: LOST) { id } }', { id: TAMPERE_CARD.id }],
  ];

  it.each(readers.flatMap((reader) => SHAPES.map(([shape, query, variables]) => [reader, shape, query, variables ?? {}] as const)))(
    'R29: the %s is refused %s with FORBIDDEN and no card data',
    async (reader, _shape, query, variables) => {
      const res = await gql(query, variables, headersOf(reader));
      expect(res.errors?.map((e) => e.extensions?.code)).toContain('FORBIDDEN');
      // Root fields are non-null, so a refusal nulls the whole response; nothing but cardStatus could survive it.
      expect(Object.entries(res.data ?? {}).filter(([key, value]) => key !== 'cardStatus' && value !== null)).toEqual([]);
      expect(JSON.stringify(res.data ?? null)).not.toMatch(/birthYear|postalCode|lifeSituations|history|validUntil/);
    },
  );

  it('R6, R29: and nothing changed: the card they tried to end is still usable', async () => {
    const res = await gql<{ cardStatus: { usable: boolean } }>(STATUS, { code: TAMPERE_CARD.code }, sessions.provider);
    expect(res.data?.cardStatus.usable).toBe(true);
  });
});

describe('distributors and registration through the gateway', () => {
  it('R8: the distributor sees background data for its own cards, and not another organisation’s card', async () => {
    const res = await gql<{ myOrganizationsCards: { code: string; kind: string; background: { birthYear: number } | null }[] }>(
      '{ myOrganizationsCards(limit: 100) { code kind background { birthYear postalCode } } }',
      {},
      sessions.distributor,
    );
    expect(res.errors).toBeUndefined();
    const cards = res.data?.myOrganizationsCards ?? [];
    expect(cards.map((c) => c.code)).toContain(TAMPERE_CARD.code);
    const personal = cards.filter((c) => c.kind === 'PERSONAL');
    expect(personal.length).toBeGreaterThan(0);
    expect(personal.every((c) => typeof c.background?.birthYear === 'number')).toBe(true);

    const own = await gql<{ card: { background: { birthYear: number } } }>('query ($id: ID) { card(id: $id) { background { birthYear } } }', { id: TAMPERE_CARD.id }, sessions.distributor);
    expect(own.data?.card.background.birthYear).toEqual(expect.any(Number));
    const other = await gql('query ($id: ID) { card(id: $id) { background { birthYear } } }', { id: HELSINKI_CARD.id }, sessions.distributor);
    expect(other.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(other.data).toBeNull();
  });

  it('R3, R13: a card registered by the distributor works at once for the provider', async () => {
    const code = `E2E${String(Date.now()).slice(-7)}`;
    expect((await gql<{ cardStatus: { reason: string } }>(STATUS, { code }, sessions.provider)).data?.cardStatus.reason).toBe('NOT_REGISTERED');
    const registered = await gql<{ registerCard: { code: string; background: { birthYear: number } } }>(
      `mutation ($input: RegisterCardInput!) { registerCard(input: $input) { code background { birthYear } } }`,
      { input: { code: code.toLowerCase().replace(/(.{4})/, '$1 '), background: { birthYear: 1985, postalCode: '33100', minorChildren: 1, lifeSituations: ['STUDENT'] } } },
      sessions.distributor,
    );
    expect(registered.errors).toBeUndefined();
    expect(registered.data?.registerCard).toEqual({ code, background: { birthYear: 1985 } });
    const status = await gql<{ cardStatus: Record<string, unknown> }>(STATUS, { code }, sessions.provider);
    expect(status.data?.cardStatus).toMatchObject({ code, usable: true, reason: null, kind: 'PERSONAL', childTicketLimit: 1 });
  });

  it('R9: a personal identity code as a card code is refused at the gateway', async () => {
    const res = await gql(
      `mutation ($input: RegisterCardInput!) { registerCard(input: $input) { code } }`,
      { input: { code: '131052-308T', background: { birthYear: 1952, postalCode: '33100', minorChildren: 0 } } },
      { ...sessions.distributor, 'accept-language': 'sv' },
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('PERSONAL_DATA_REFUSED');
    expect(res.errors?.[0]?.message).toMatch(/Personbeteckning/);
    expect(res.data ?? null).toBeNull();
  });
});
