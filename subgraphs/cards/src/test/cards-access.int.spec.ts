import { DEMO, type Identity } from '@kaikukanta/kit';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { as, codeOf, freshCode, gql, personalBackground, register, REGISTER, rowCounts, startCards, type CardData, type CardsTestApp } from './support.js';

/**
 * Who may see and change cards (DOMAIN "People and roles", R8, R29,
 * ARCHITECTURE "Security model"): a denial is FORBIDDEN, a card outside the
 * caller's scope is NOT_FOUND with no hint that it exists.
 */

let t: CardsTestApp;
let card: CardData;
let distributor: Identity;

beforeAll(async () => {
  t = await startCards(inject('pgAdminUrl'));
  distributor = as.tampereDistributor();
  card = await register(t.app, distributor, { code: freshCode('A'), background: personalBackground({ birthYear: 1977, postalCode: '33720' }) });
});

afterAll(async () => {
  await t?.close();
});

const BY_ID = 'query ($id: ID) { card(id: $id) { id code background { birthYear postalCode } history { kind } } }';
const BY_CODE = 'query ($code: String) { card(code: $code) { id background { birthYear } } }';
const LIST = '{ cards { total items { id background { birthYear } } } }';
const MINE = '{ myOrganizationsCards { id background { birthYear } } }';
const ENTITIES = 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Card { id code background { birthYear } history { kind } } } }';

describe('reading one card', () => {
  it('R8: the registering organisation, its region’s responsible person and the national support service see the card and its background', async () => {
    for (const [who, identity] of [
      ['the distributor', distributor],
      ['a colleague in the same organisation', as.tampereDistributor()],
      ['Pirkanmaa’s responsible person', as.pirkanmaaAdmin()],
      ['the national support service', as.nationalAdmin()],
    ] as const) {
      const res = await gql<{ card: { id: string; background: { birthYear: number; postalCode: string } } }>(t.app, identity, BY_ID, { id: card.id });
      expect(res.errors, who).toBeUndefined();
      expect(res.data?.card.background, who).toEqual({ birthYear: 1977, postalCode: '33720' });
      const byCode = await gql<{ card: { id: string } }>(t.app, identity, BY_CODE, { code: card.code.toLowerCase() });
      expect(byCode.data?.card.id, who).toBe(card.id);
    }
  });

  it('R8, R29: another organisation’s distributor and another region’s responsible person get NOT_FOUND, exactly as for a card that does not exist', async () => {
    const missing = await gql(t.app, as.helsinkiDistributor(), BY_ID, { id: '0a6c1a5e-0000-4000-8000-ffffffffffff' });
    expect(missing.errors?.[0]?.extensions).toEqual({ code: 'NOT_FOUND' });
    const missingCode = await gql(t.app, as.helsinkiDistributor(), BY_CODE, { code: 'ZZ99999999' });
    for (const identity of [as.helsinkiDistributor(), as.vaasaDistributor(), as.uusimaaAdmin()]) {
      const byId = await gql(t.app, identity, BY_ID, { id: card.id });
      expect(byId.errors?.map((e) => [e.message, e.extensions])).toEqual(missing.errors?.map((e) => [e.message, e.extensions]));
      expect(byId.data).toBeNull();
      const byCode = await gql(t.app, identity, BY_CODE, { code: card.code });
      expect(byCode.errors?.map((e) => [e.message, e.extensions])).toEqual(missingCode.errors?.map((e) => [e.message, e.extensions]));
      expect(byCode.data).toBeNull();
    }
  });

  it('R29: a malformed id is NOT_FOUND too, not an internal error', async () => {
    expect(codeOf(await gql(t.app, distributor, BY_ID, { id: "1' or '1'='1" }))).toBe('NOT_FOUND');
  });
});

describe('R29: culture providers, ticket agents, partner keys and analysts reach no card and no background', () => {
  const refused: [string, () => Identity][] = [
    ['a culture provider', as.provider],
    ['a ticket agent', as.ticketAgent],
    ['a municipal culture officer', as.cultureOfficer],
    ['an analyst', as.analyst],
    ['a partner key with CARD_STATUS_READ', () => as.partnerKey()],
    ['a person without an active membership', as.noMembership],
  ];

  it.each(refused)('R29: %s gets FORBIDDEN for cards, card(id), card(code), myOrganizationsCards and registerCard', async (_who, identity) => {
    const before = await rowCounts(t.app);
    for (const [query, variables] of [
      [LIST, {}],
      [MINE, {}],
      [BY_ID, { id: card.id }],
      [BY_CODE, { code: card.code }],
      ['{ card(code: "' + card.code + '") { background { birthYear } } }', {}],
      [REGISTER, { input: { code: freshCode('F'), background: personalBackground() } }],
    ] as const) {
      const res = await gql(t.app, identity(), query, variables);
      expect(codeOf(res), query).toBe('FORBIDDEN');
      expect(res.data ?? null, query).toBeNull();
      expect(JSON.stringify(res)).not.toContain('1977');
    }
    expect(await rowCounts(t.app)).toEqual(before);
  });

  it.each(refused)('R29: %s resolves a Card entity reference to null', async (_who, identity) => {
    const res = await gql<{ _entities: unknown[] }>(t.app, identity(), ENTITIES, { r: [{ __typename: 'Card', id: card.id }] });
    expect(res.data?._entities).toEqual([null]);
    expect(JSON.stringify(res)).not.toContain('1977');
  });

  it('R28: the anonymous caller is told to log in', async () => {
    for (const query of [LIST, MINE, BY_ID]) {
      const res = await gql(t.app, as.anonymous(), query, { id: card.id });
      expect(codeOf(res)).toBe('UNAUTHENTICATED');
      expect(res.data ?? null).toBeNull();
    }
  });

  it('R8: another region’s responsible person resolves the entity reference to null; the card’s own region sees it', async () => {
    const other = await gql<{ _entities: unknown[] }>(t.app, as.uusimaaAdmin(), ENTITIES, { r: [{ __typename: 'Card', id: card.id }] });
    expect(other.data?._entities).toEqual([null]);
    const own = await gql<{ _entities: { id: string; background: { birthYear: number } }[] }>(t.app, as.pirkanmaaAdmin(), ENTITIES, { r: [{ __typename: 'Card', id: card.id }] });
    expect(own.data?._entities[0]).toMatchObject({ id: card.id, background: { birthYear: 1977 }, history: [{ kind: 'REGISTERED' }] });
  });
});

describe('changing cards', () => {
  const EXTEND = 'mutation ($id: ID!) { extendCard(id: $id) { id } }';
  const END = 'mutation ($id: ID!) { endCard(id: $id) { id } }';
  const TAKE_OUT = 'mutation ($id: ID!) { takeCardOutOfUse(id: $id, reason: LOST) { id } }';

  it('R6: another organisation’s distributor and another region’s responsible person get NOT_FOUND and change nothing', async () => {
    const before = await rowCounts(t.app);
    for (const identity of [as.helsinkiDistributor(), as.uusimaaAdmin()]) {
      for (const mutation of [EXTEND, END, TAKE_OUT]) expect(codeOf(await gql(t.app, identity, mutation, { id: card.id })), mutation).toBe('NOT_FOUND');
    }
    expect(await rowCounts(t.app)).toEqual(before);
  });

  it('R6, R29: providers, ticket agents, analysts and partner keys get FORBIDDEN and change nothing', async () => {
    const before = await rowCounts(t.app);
    for (const identity of [as.provider(), as.ticketAgent(), as.analyst(), as.partnerKey()]) {
      for (const mutation of [EXTEND, END, TAKE_OUT]) expect(codeOf(await gql(t.app, identity, mutation, { id: card.id })), mutation).toBe('FORBIDDEN');
    }
    expect(await rowCounts(t.app)).toEqual(before);
  });

  it('R6: the region’s responsible person may manage the card; the history names them', async () => {
    const admin = as.pirkanmaaAdmin();
    const target = await register(t.app, distributor, { code: freshCode('A') });
    const res = await gql<{ takeCardOutOfUse: { id: string; history: { kind: string; actorUserId: string; actorOrganization: null }[] } }>(
      t.app,
      admin,
      'mutation ($id: ID!) { takeCardOutOfUse(id: $id, reason: DAMAGED) { id history { kind actorUserId actorOrganization { id } } } }',
      { id: target.id },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.takeCardOutOfUse.history.at(-1)).toEqual({ kind: 'TAKEN_OUT_OF_USE', actorUserId: admin.userId, actorOrganization: null });
  });

  it('R3: only distributor staff register cards; a responsible person or national admin has no organisation to register for', async () => {
    for (const identity of [as.pirkanmaaAdmin(), as.nationalAdmin()]) {
      const res = await gql(t.app, identity, REGISTER, { input: { code: freshCode('F'), background: personalBackground() } });
      expect(codeOf(res)).toBe('FORBIDDEN');
    }
  });

  it('R8: myOrganizationsCards lists the distributor’s own organisation only, and is not for responsible persons', async () => {
    const res = await gql<{ myOrganizationsCards: { id: string }[] }>(t.app, distributor, '{ myOrganizationsCards(limit: 200) { id distributor { id } } }');
    expect(res.data?.myOrganizationsCards.map((c) => c.id)).toContain(card.id);
    expect(new Set(res.data?.myOrganizationsCards.map((c) => (c as unknown as { distributor: { id: string } }).distributor.id))).toEqual(new Set([DEMO.organizations.tampereSocial]));
    expect(codeOf(await gql(t.app, as.pirkanmaaAdmin(), MINE))).toBe('FORBIDDEN');
  });
});

describe('M5: the log of background reads is for the national support service only', () => {
  const LOG = 'query ($since: DateTimeISO!) { backgroundReads(since: $since, limit: 5) { cardId readerKind role } }';
  const since = () => new Date(Date.now() - 24 * 60 * 60 * 1000).toISOString();

  it('M5: a national admin reads it, including the reads this file made', async () => {
    const res = await gql<{ backgroundReads: { cardId: string }[] }>(t.app, as.nationalAdmin(), LOG, { since: since() });
    expect(res.errors).toBeUndefined();
    expect(res.data?.backgroundReads.length).toBeGreaterThan(0);
  });

  it.each([
    ['the registering distributor', () => distributor],
    ['the region’s responsible person', as.pirkanmaaAdmin],
    ['a culture provider', as.provider],
    ['a ticket agent', as.ticketAgent],
    ['a municipal culture officer', as.cultureOfficer],
    ['an analyst', as.analyst],
    ['a partner key', () => as.partnerKey()],
    ['a person without an active membership', as.noMembership],
  ] as [string, () => Identity][])('M5: %s gets FORBIDDEN and no row', async (_who, identity) => {
    const res = await gql(t.app, identity(), LOG, { since: since() });
    expect(codeOf(res)).toBe('FORBIDDEN');
    expect(res.data ?? null).toBeNull();
  });

  it('M5: the anonymous caller is told to log in', async () => {
    expect(codeOf(await gql(t.app, as.anonymous(), LOG, { since: since() }))).toBe('UNAUTHENTICATED');
  });
});
