import { DEMO } from '@kaikukanta/kit';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { addDays, lastValidDay } from '../modules/card/validity.js';
import {
  as,
  CARD_FIELDS,
  codeOf,
  daysFromToday,
  freshCode,
  gql,
  register,
  rowCounts,
  sql,
  startCards,
  STATUS,
  today,
  type CardData,
  type CardsTestApp,
  type StatusData,
} from './support.js';

/** Changing a card's validity (R6), ending community cards at once (R10), and listing cards with filters. */

let t: CardsTestApp;

beforeAll(async () => {
  t = await startCards(inject('pgAdminUrl'));
});

afterAll(async () => {
  await t?.close();
});

const O = DEMO.organizations;
const HISTORY = 'history { kind effectiveOn validUntil outOfUseReason actorUserId actorOrganization { id } at }';
const EXTEND = `mutation ($id: ID!, $renewedOn: Date, $validUntil: Date) { extendCard(id: $id, renewedOn: $renewedOn, validUntil: $validUntil) { ${CARD_FIELDS} ${HISTORY} } }`;
const END = `mutation ($id: ID!, $endedOn: Date) { endCard(id: $id, endedOn: $endedOn) { ${CARD_FIELDS} ${HISTORY} } }`;
const TAKE_OUT = `mutation ($id: ID!, $reason: OutOfUseReason!, $on: Date) { takeCardOutOfUse(id: $id, reason: $reason, on: $on) { ${CARD_FIELDS} ${HISTORY} } }`;
const END_COMMUNITY = 'mutation ($org: ID!, $endedOn: Date) { endCommunityCards(organizationId: $org, endedOn: $endedOn) }';

async function statusOf(code: string, on?: string): Promise<StatusData> {
  const res = await gql<{ cardStatus: StatusData }>(t.app, as.provider(), STATUS, { code, ...(on ? { on } : {}) });
  if (!res.data) throw new Error(JSON.stringify(res.errors));
  return res.data.cardStatus;
}

/** The transaction ids that wrote a card's row, its history rows and its outbox rows of one kind. */
async function writers(cardId: string, kind: string): Promise<{ card: string; history: string[]; outbox: string[] }> {
  const [card] = await sql<{ x: string }>(t.app, 'select xmin::text as x from cards.card where id = ?', [cardId]);
  const history = await sql<{ x: string }>(t.app, 'select xmin::text as x from cards.card_history where card_id = ? and kind = ?', [cardId, kind]);
  const outbox = await sql<{ x: string }>(t.app, 'select xmin::text as x from cards.outbox where card_id = ? and type = ?', [cardId, kind]);
  return { card: card?.x ?? '', history: history.map((r) => r.x), outbox: outbox.map((r) => r.x) };
}

describe('R6: extending, ending and taking a card out of use', () => {
  it('R6: extending sets a new last valid day on the same card, with history (who, when) and an outbox event written in the same transaction', async () => {
    const distributor = as.tampereDistributor();
    const card = await register(t.app, distributor, { code: freshCode('X'), grantedOn: daysFromToday(-200) });
    expect((await statusOf(card.code)).lastValidDay).toBe(lastValidDay(daysFromToday(-200)));

    const res = await gql<{ extendCard: CardData }>(t.app, distributor, EXTEND, { id: card.id });
    expect(res.errors).toBeUndefined();
    const extended = res.data?.extendCard;
    expect(extended).toMatchObject({ id: card.id, code: card.code, grantedOn: daysFromToday(-200), validUntil: lastValidDay(today()), state: 'ACTIVE' });
    expect(extended?.history?.map((h) => [h.kind, h.effectiveOn, h.validUntil])).toEqual([
      ['REGISTERED', daysFromToday(-200), lastValidDay(daysFromToday(-200))],
      ['EXTENDED', today(), lastValidDay(today())],
    ]);
    expect(extended?.history?.[1]).toMatchObject({ actorUserId: distributor.userId, actorOrganization: { id: O.tampereSocial } });
    expect(Date.now() - Date.parse(extended?.history?.[1]?.at ?? '')).toBeLessThan(60_000);

    const written = await writers(card.id, 'EXTENDED');
    expect(written.history).toEqual([written.card]);
    expect(written.outbox).toEqual([written.card]);
    // Effective at once for venues.
    expect(await statusOf(card.code)).toMatchObject({ usable: true, lastValidDay: lastValidDay(today()) });
  });

  it('R6: an extension must move the last valid day later, by at most twelve months from the renewal', async () => {
    const distributor = as.tampereDistributor();
    const card = await register(t.app, distributor, { code: freshCode('X') });
    const before = await rowCounts(t.app);
    for (const [variables, field] of [
      [{ validUntil: card.validUntil }, 'validUntil'],
      [{ validUntil: daysFromToday(10) }, 'validUntil'],
      [{ validUntil: daysFromToday(400) }, 'validUntil'],
      [{ renewedOn: daysFromToday(1) }, 'renewedOn'],
      [{ renewedOn: daysFromToday(-1) }, 'renewedOn'],
    ] as const) {
      const res = await gql(t.app, distributor, EXTEND, { id: card.id, ...variables });
      expect(res.errors?.[0]?.extensions, JSON.stringify(variables)).toEqual({ code: 'BAD_USER_INPUT', details: { field, reason: 'OUT_OF_RANGE' } });
    }
    expect(await rowCounts(t.app)).toEqual(before);
  });

  it('R6, R13: ending takes effect at once for card status, and is recorded with who and when', async () => {
    const distributor = as.espooDistributor();
    const card = await register(t.app, distributor, { code: freshCode('X') });
    expect((await statusOf(card.code)).usable).toBe(true);
    const before = await rowCounts(t.app);

    const res = await gql<{ endCard: CardData }>(t.app, distributor, END, { id: card.id });
    expect(res.errors).toBeUndefined();
    expect(res.data?.endCard).toMatchObject({ state: 'ENDED', closedOn: today(), usableToday: false, reasonToday: 'ENDED', validUntil: card.validUntil });
    expect(res.data?.endCard.history?.at(-1)).toMatchObject({ kind: 'ENDED', effectiveOn: today(), actorUserId: distributor.userId, actorOrganization: { id: O.espooThirdSector } });
    expect(await rowCounts(t.app)).toEqual({ ...before, card_history: before.card_history + 1, outbox: before.outbox + 1 });
    const written = await writers(card.id, 'ENDED');
    expect(written.history).toEqual([written.card]);
    expect(written.outbox).toEqual([written.card]);

    // Granted and ended today: it never had a valid day, so there is no last one (decision 0006) — not "yesterday".
    expect(await statusOf(card.code)).toMatchObject({ usable: false, reason: 'ENDED', lastValidDay: null });
  });

  it('R5, R6 (decision 0006): after ending, the card’s page, its history and a venue’s check name the same last valid day', async () => {
    const distributor = as.espooDistributor();
    const grantedOn = daysFromToday(-30);
    const card = await register(t.app, distributor, { code: freshCode('X'), grantedOn });
    const CARD = `query ($id: ID!) { card(id: $id) { validUntil lastValidDay history { kind validUntil } } }`;
    const before = await gql<{ card: { lastValidDay: string } }>(t.app, distributor, CARD, { id: card.id });
    expect(before.data?.card.lastValidDay).toBe(lastValidDay(grantedOn));

    expect((await gql(t.app, distributor, END, { id: card.id })).errors).toBeUndefined();
    const after = await gql<{ card: { validUntil: string; lastValidDay: string; history: { kind: string; validUntil: string }[] } }>(t.app, distributor, CARD, { id: card.id });
    const yesterday = daysFromToday(-1);
    // The validity period as granted stays on record; the day the card could last be used is yesterday.
    expect(after.data?.card).toMatchObject({ validUntil: lastValidDay(grantedOn), lastValidDay: yesterday });
    expect(after.data?.card.history.at(-1)).toEqual({ kind: 'ENDED', validUntil: yesterday });
    expect((await statusOf(card.code, daysFromToday(-3))).lastValidDay).toBe(yesterday);
    expect(await statusOf(card.code)).toMatchObject({ usable: false, reason: 'ENDED', lastValidDay: yesterday });
  });

  it('R6: an ended card cannot be extended, ended again or taken out of use (CARD_NOT_ACTIVE), and nothing is written', async () => {
    const distributor = as.tampereDistributor();
    const card = await register(t.app, distributor, { code: freshCode('X') });
    await gql(t.app, distributor, END, { id: card.id });
    const before = await rowCounts(t.app);
    for (const [query, variables] of [
      [EXTEND, { id: card.id }],
      [END, { id: card.id }],
      [TAKE_OUT, { id: card.id, reason: 'LOST' }],
    ] as const) {
      for (const locale of ['fi', 'sv', 'en'] as const) {
        const res = await gql(t.app, distributor, query, variables, locale);
        expect(codeOf(res)).toBe('CARD_NOT_ACTIVE');
        expect(res.data).toBeNull();
        if (locale === 'en') expect(res.errors?.[0]?.message).toMatch(/already been ended/);
        if (locale === 'sv') expect(res.errors?.[0]?.message).toMatch(/giltighet/);
      }
    }
    expect(await rowCounts(t.app)).toEqual(before);
  });

  it('R6: a card whose end is set for a later day can still be taken out of use at once when it is lost meanwhile', async () => {
    const distributor = as.tampereDistributor();
    const card = await register(t.app, distributor, { code: freshCode('X') });
    const ended = await gql<{ endCard: CardData }>(t.app, distributor, END, { id: card.id, endedOn: daysFromToday(20) });
    expect(ended.errors).toBeUndefined();
    expect(await statusOf(card.code)).toMatchObject({ usable: true });
    // Not extendable, and the end cannot be pushed later…
    expect(codeOf(await gql(t.app, distributor, EXTEND, { id: card.id }))).toBe('CARD_NOT_ACTIVE');
    expect(codeOf(await gql(t.app, distributor, END, { id: card.id, endedOn: daysFromToday(25) }))).toBe('CARD_NOT_ACTIVE');
    // …but a lost card stops working today, not in three weeks.
    const lost = await gql<{ takeCardOutOfUse: CardData }>(t.app, distributor, TAKE_OUT, { id: card.id, reason: 'LOST' });
    expect(lost.errors).toBeUndefined();
    expect(await statusOf(card.code)).toMatchObject({ usable: false, reason: 'OUT_OF_USE' });
  });

  it('R6, R13: taking a card out of use (lost) takes effect at once, with the reason in the history', async () => {
    const distributor = as.vaasaDistributor();
    const card = await register(t.app, distributor, { code: freshCode('X') });
    const res = await gql<{ takeCardOutOfUse: CardData }>(t.app, distributor, TAKE_OUT, { id: card.id, reason: 'LOST' });
    expect(res.errors).toBeUndefined();
    expect(res.data?.takeCardOutOfUse).toMatchObject({ state: 'OUT_OF_USE', closedOn: today(), outOfUseReason: 'LOST', usableToday: false, reasonToday: 'OUT_OF_USE' });
    expect(res.data?.takeCardOutOfUse.history?.at(-1)).toMatchObject({ kind: 'TAKEN_OUT_OF_USE', outOfUseReason: 'LOST', actorUserId: distributor.userId });
    const written = await writers(card.id, 'TAKEN_OUT_OF_USE');
    expect(written.history).toEqual([written.card]);
    expect(written.outbox).toEqual([written.card]);
    expect(await statusOf(card.code)).toMatchObject({ usable: false, reason: 'OUT_OF_USE' });
  });

  it('R6: a change whose outbox event cannot be written is not made at all (one transaction)', async () => {
    const distributor = as.tampereDistributor();
    const card = await register(t.app, distributor, { code: freshCode('X') });
    const before = await rowCounts(t.app);
    await sql(t.app, "alter table cards.outbox add constraint test_refuse_ended check (type <> 'ENDED') not valid");
    try {
      const res = await gql(t.app, distributor, END, { id: card.id });
      expect(codeOf(res)).toBe('INTERNAL_SERVER_ERROR');
    } finally {
      await sql(t.app, 'alter table cards.outbox drop constraint test_refuse_ended');
    }
    expect(await rowCounts(t.app)).toEqual(before);
    expect(await sql(t.app, 'select state from cards.card where id = ?', [card.id])).toEqual([{ state: 'ACTIVE' }]);
    expect((await statusOf(card.code)).usable).toBe(true);
  });

  it('R6, R13: an end agreed in advance: the card works until the end day, and from it on is ENDED', async () => {
    const distributor = as.tampereDistributor();
    const card = await register(t.app, distributor, { code: freshCode('X') });
    const res = await gql<{ endCard: CardData }>(t.app, distributor, END, { id: card.id, endedOn: daysFromToday(10) });
    expect(res.data?.endCard).toMatchObject({ state: 'ENDED', closedOn: daysFromToday(10), usableToday: true, reasonToday: null });
    expect(await statusOf(card.code)).toMatchObject({ usable: true, lastValidDay: daysFromToday(9) });
    expect(await statusOf(card.code, daysFromToday(10))).toMatchObject({ usable: false, reason: 'ENDED' });
  });

  it('R6: the end day must lie within the card’s validity', async () => {
    const distributor = as.tampereDistributor();
    const card = await register(t.app, distributor, { code: freshCode('X'), grantedOn: daysFromToday(-3) });
    const res = await gql(t.app, distributor, END, { id: card.id, endedOn: daysFromToday(-4) });
    expect(res.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', details: { field: 'endedOn', reason: 'OUT_OF_RANGE' } });
    expect(res.errors?.[0]?.message).toBe('The day must fall between the grant date and the day after the last valid day.');
    const res2 = await gql(t.app, distributor, TAKE_OUT, { id: card.id, reason: 'STOLEN', on: daysFromToday(-4) });
    expect(res2.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', details: { field: 'on', reason: 'OUT_OF_RANGE' } });
    const res3 = await gql(t.app, distributor, END, { id: card.id, endedOn: addDays(card.validUntil, 2) });
    expect(res3.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', details: { field: 'endedOn', reason: 'OUT_OF_RANGE' } });
  });
});

describe('R10: ending all of an organisation’s community cards at once', () => {
  it('R10: ends only that organisation’s active community cards, not its personal cards nor other organisations’ cards', async () => {
    const tampere = as.tampereDistributor();
    const own = [await register(t.app, tampere, { code: freshCode('K'), kind: 'COMMUNITY' }), await register(t.app, tampere, { code: freshCode('K'), kind: 'COMMUNITY' })];
    const alreadyEnded = await register(t.app, tampere, { code: freshCode('K'), kind: 'COMMUNITY' });
    await gql(t.app, tampere, END, { id: alreadyEnded.id });
    const personal = await register(t.app, tampere, { code: freshCode('K') });
    const others = await register(t.app, as.helsinkiDistributor(), { code: freshCode('K'), kind: 'COMMUNITY' });
    const activeBefore = await sql<{ n: string }>(t.app, "select count(*) as n from cards.card where distributor_id = ? and kind = 'COMMUNITY' and state = 'ACTIVE'", [O.tampereSocial]);
    // The demo seed gives Tampere one community card too.
    expect(Number(activeBefore[0]?.n)).toBe(3);

    const res = await gql<{ endCommunityCards: number }>(t.app, tampere, END_COMMUNITY, { org: O.tampereSocial });
    expect(res.errors).toBeUndefined();
    expect(res.data?.endCommunityCards).toBe(3);

    const states = await sql<{ code: string; state: string; closed_on: string | null }>(
      t.app,
      "select code, state, closed_on::text from cards.card where distributor_id = ? and kind = 'COMMUNITY' order by code",
      [O.tampereSocial],
    );
    expect(states.every((row) => row.state === 'ENDED')).toBe(true);
    for (const card of own) {
      expect(await statusOf(card.code)).toMatchObject({ usable: false, reason: 'ENDED' });
      expect((await writers(card.id, 'ENDED')).history).toHaveLength(1);
    }
    // The card ended before keeps its own end and history.
    expect((await writers(alreadyEnded.id, 'ENDED')).history).toHaveLength(1);
    expect((await statusOf(personal.code)).usable).toBe(true);
    expect((await statusOf(others.code)).usable).toBe(true);
    expect(await sql(t.app, 'select state from cards.card where id = ?', [others.id])).toEqual([{ state: 'ACTIVE' }]);
    // Nothing left to end.
    expect((await gql<{ endCommunityCards: number }>(t.app, tampere, END_COMMUNITY, { org: O.tampereSocial })).data?.endCommunityCards).toBe(0);
  });

  it('R10: an old community card that has already expired does not block ending the others', async () => {
    const vaasa = as.vaasaDistributor();
    const fresh = await register(t.app, vaasa, { code: freshCode('K'), kind: 'COMMUNITY' });
    const old = await register(t.app, vaasa, { code: freshCode('K'), kind: 'COMMUNITY' });
    // Granted two years ago and never ended (registered before this registry checked anything).
    await sql(t.app, "update cards.card set granted_on = granted_on - interval '730 days', valid_until = valid_until - interval '730 days' where id = ?", [old.id]);
    const res = await gql<{ endCommunityCards: number }>(t.app, vaasa, END_COMMUNITY, { org: O.vaasaHealth });
    expect(res.errors).toBeUndefined();
    expect(res.data?.endCommunityCards).toBe(3);
    expect(await statusOf(fresh.code)).toMatchObject({ usable: false, reason: 'ENDED' });
    const [row] = await sql<{ closed_on: string; valid_until: string }>(t.app, 'select closed_on::text, valid_until::text from cards.card where id = ?', [old.id]);
    // It ends the day after its last valid day: nothing about its past changes.
    expect(row?.closed_on).toBe(addDays(row?.valid_until ?? '', 1));
  });

  it('R10: another organisation’s distributor is refused, whether or not that organisation has community cards', async () => {
    const activeHelsinki = "select count(*)::int as n from cards.card where distributor_id = ? and kind = 'COMMUNITY' and state = 'ACTIVE'";
    const [activeBefore] = await sql<{ n: number }>(t.app, activeHelsinki, [O.helsinkiSocial]);
    expect(activeBefore?.n).toBeGreaterThan(0);
    const before = await rowCounts(t.app);
    for (const org of [O.helsinkiSocial, O.ateneum, 'not-a-uuid']) {
      const res = await gql(t.app, as.espooDistributor(), END_COMMUNITY, { org });
      expect(codeOf(res), org).toBe('FORBIDDEN');
    }
    for (const identity of [as.provider(), as.ticketAgent(), as.analyst(), as.partnerKey()]) {
      expect(codeOf(await gql(t.app, identity, END_COMMUNITY, { org: O.helsinkiSocial }))).toBe('FORBIDDEN');
    }
    // Another region's responsible person may not end Helsinki's cards either: outside their region there is
    // nothing to end (0, the same answer whether or not the organisation has community cards), and nothing is locked.
    const fromPirkanmaa = await gql<{ endCommunityCards: number }>(t.app, as.pirkanmaaAdmin(), END_COMMUNITY, { org: O.helsinkiSocial });
    expect(fromPirkanmaa.data?.endCommunityCards).toBe(0);
    expect(await rowCounts(t.app)).toEqual(before);
    expect(await sql(t.app, activeHelsinki, [O.helsinkiSocial])).toEqual([activeBefore]);
  });
});

describe('listing cards with filters', () => {
  const LIST = `query ($filter: CardFilter, $limit: Int, $offset: Int) { cards(filter: $filter, limit: $limit, offset: $offset) { total items { code kind usableToday reasonToday validUntil } } }`;
  const codes: Record<'usable' | 'expiring' | 'ended' | 'notYet' | 'community', string> = { usable: '', expiring: '', ended: '', notYet: '', community: '' };
  const distributor = as.tampereDistributor();

  beforeAll(async () => {
    codes.usable = (await register(t.app, distributor, { code: 'LF0000001' })).code;
    codes.expiring = (await register(t.app, distributor, { code: 'LF0000002', grantedOn: daysFromToday(-10), trialEndsOn: daysFromToday(20) })).code;
    const ended = await register(t.app, distributor, { code: 'LF0000003' });
    await gql(t.app, distributor, END, { id: ended.id });
    codes.ended = ended.code;
    codes.community = (await register(t.app, distributor, { code: 'LF0000004', kind: 'COMMUNITY' })).code;
    // Registered late with today's grant but shifted to start tomorrow: not yet valid.
    const notYet = await register(t.app, distributor, { code: 'LF0000005' });
    await sql(t.app, "update cards.card set granted_on = granted_on + 1, valid_until = valid_until + 1 where id = ?", [notYet.id]);
    codes.notYet = notYet.code;
    // Another organisation's card with the same prefix.
    await register(t.app, as.helsinkiDistributor(), { code: 'LF0000006' });
  });

  async function list(filter: Record<string, unknown>, identity = distributor, page: { limit?: number; offset?: number } = {}) {
    const res = await gql<{ cards: { total: number; items: { code: string; kind: string; usableToday: boolean }[] } }>(t.app, identity, LIST, { filter, ...page });
    if (!res.data) throw new Error(JSON.stringify(res.errors));
    return { total: res.data.cards.total, codes: res.data.cards.items.map((c) => c.code).sort() };
  }

  it('R2: filters by code prefix, normalised like codes (lower case, spaces, hyphens, Code 39 start)', async () => {
    const own = ['LF0000001', 'LF0000002', 'LF0000003', 'LF0000004', 'LF0000005'];
    expect(await list({ code: 'lf' })).toEqual({ total: 5, codes: own });
    expect(await list({ code: ' l-f 00 ' })).toEqual({ total: 5, codes: own });
    expect(await list({ code: '*LF0000003' })).toEqual({ total: 1, codes: ['LF0000003'] });
    expect(await list({ code: 'LF0000009' })).toEqual({ total: 0, codes: [] });
    // The other organisation's LF card is visible to the national support service only.
    expect((await list({ code: 'lf' }, as.nationalAdmin())).total).toBe(6);
  });

  it('R2: refuses a prefix with a LIKE wildcard or a look-alike letter', async () => {
    for (const code of ['LF%', 'L_', '\u041BF']) {
      const res = await gql(t.app, distributor, LIST, { filter: { code } });
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'code' } });
    }
  });

  it('R13: filters by usable today', async () => {
    expect(await list({ code: 'LF', usable: true })).toEqual({ total: 3, codes: [codes.usable, codes.expiring, codes.community].sort() });
    expect(await list({ code: 'LF', usable: false })).toEqual({ total: 2, codes: [codes.ended, codes.notYet].sort() });
  });

  it('R5: filters usable cards whose last valid day is near', async () => {
    expect(await list({ code: 'LF', expiringWithinDays: 30 })).toEqual({ total: 1, codes: [codes.expiring] });
    expect(await list({ code: 'LF', expiringWithinDays: 19 })).toEqual({ total: 0, codes: [] });
    expect(await list({ code: 'LF', expiringWithinDays: 20 })).toEqual({ total: 1, codes: [codes.expiring] });
    expect((await list({ code: 'LF', expiringWithinDays: 400 })).total).toBe(3);
  });

  it('R10: filters by kind, and pages with a total', async () => {
    expect(await list({ code: 'LF', kind: 'COMMUNITY' })).toEqual({ total: 1, codes: [codes.community] });
    const first = await list({ code: 'LF' }, distributor, { limit: 2, offset: 0 });
    const rest = await list({ code: 'LF' }, distributor, { limit: 2, offset: 2 });
    const last = await list({ code: 'LF' }, distributor, { limit: 2, offset: 4 });
    expect([first.total, rest.total, last.total]).toEqual([5, 5, 5]);
    expect([...first.codes, ...rest.codes, ...last.codes].sort()).toEqual(['LF0000001', 'LF0000002', 'LF0000003', 'LF0000004', 'LF0000005']);
  });

  it('R8: lists by scope: the organisation’s cards, the region’s for its responsible person, all for the national support service', async () => {
    const all = await list({});
    expect(all.total).toBeGreaterThan(13);
    const own = await sql<{ n: number }>(t.app, 'select count(*)::int as n from cards.card where distributor_id = ?', [O.tampereSocial]);
    expect(all.total).toBe(own[0]?.n);
    const region = await sql<{ n: number }>(t.app, 'select count(*)::int as n from cards.card where region_id = ?', [DEMO.regions.pirkanmaa]);
    expect((await list({}, as.pirkanmaaAdmin())).total).toBe(region[0]?.n);
    const everything = await sql<{ n: number }>(t.app, 'select count(*)::int as n from cards.card');
    expect((await list({}, as.nationalAdmin())).total).toBe(everything[0]?.n);
  });
});
