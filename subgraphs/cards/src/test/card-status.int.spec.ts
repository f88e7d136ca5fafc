import { DEMO, type Identity, type SubgraphApp } from '@kaikukanta/kit';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LOOKUPS_PER_MINUTE } from '../modules/status/status.service.js';
import { addDays, lastValidDay } from '../modules/card/validity.js';
import { as, codeOf, daysFromToday, freshCode, gql, person, register, sql, startCards, startReplica, STATUS, today, type CardsTestApp, type StatusData } from './support.js';

/**
 * `cardStatus` (R3, R13, R29): venues, ticket agents and partner systems learn
 * whether a card can be used on a day, its kind, last valid day and child
 * tickets — nothing else, and nothing from trying codes.
 */

let t: CardsTestApp;

beforeAll(async () => {
  t = await startCards(inject('pgAdminUrl'));
});

afterAll(async () => {
  await t?.close();
});

const O = DEMO.organizations;

async function status(identity: Identity, code: string, on?: string, app: SubgraphApp = t.app) {
  return gql<{ cardStatus: StatusData }>(app, identity, STATUS, { code, ...(on ? { on } : {}) });
}

async function usableStatus(identity: Identity, code: string, on?: string): Promise<StatusData> {
  const res = await status(identity, code, on);
  if (!res.data) throw new Error(JSON.stringify(res.errors));
  return res.data.cardStatus;
}

/** Demo card 0 (`AM99001000`): personal, granted today, two minor children; 40 is ended, 41 out of use (demo seed). */
const DEMO_CARD = 'AM99001000';

describe('R29: who may ask whether a card can be used', () => {
  it.each([
    ['a culture provider', as.provider],
    ['a ticket agent', as.ticketAgent],
    ['a partner key with CARD_STATUS_READ', () => as.partnerKey(['CARD_STATUS_READ'])],
    ['a municipal culture officer', as.cultureOfficer],
    ['the registering distributor', as.helsinkiDistributor],
    ['the responsible person of the card’s region', as.uusimaaAdmin],
    ['a national admin', as.nationalAdmin],
  ])('R29: %s may', async (_who, identity) => {
    const res = await status(identity(), DEMO_CARD);
    expect(res.errors).toBeUndefined();
    expect(res.data?.cardStatus).toEqual({
      code: DEMO_CARD,
      on: today(),
      usable: true,
      reason: null,
      kind: 'PERSONAL',
      lastValidDay: lastValidDay(today()),
      childTicketLimit: 2,
    });
  });

  it.each([
    ['a partner key without CARD_STATUS_READ', () => as.partnerKey(['USAGE_WRITE']), 'FORBIDDEN'],
    ['an analyst', as.analyst, 'FORBIDDEN'],
    ['a person without an active membership', as.noMembership, 'FORBIDDEN'],
    ['the anonymous caller', as.anonymous, 'UNAUTHENTICATED'],
  ])('R29: %s may not', async (_who, identity, code) => {
    const res = await status(identity(), DEMO_CARD);
    expect(codeOf(res)).toBe(code);
    expect(res.data ?? null).toBeNull();
  });

  it.each([
    ['a distributor of another organisation', as.tampereDistributor],
    ['a distributor of another organisation in the same region', as.espooDistributor],
    ['the responsible person of another region', as.pirkanmaaAdmin],
  ])('L1: %s is answered as for an unknown code: no child-ticket limit, kind or dates', async (_who, identity) => {
    const res = await status(identity(), DEMO_CARD);
    expect(res.errors).toBeUndefined();
    expect(res.data?.cardStatus).toEqual({ code: DEMO_CARD, on: today(), usable: false, reason: 'NOT_REGISTERED', kind: null, lastValidDay: null, childTicketLimit: null });
  });

  it('R29: the answer type carries only usability, reason, kind, last valid day and child tickets', async () => {
    const res = await gql<{ __type: { fields: { name: string }[] } }>(t.app, as.provider(), '{ __type(name: "CardStatus") { fields { name } } }');
    expect(res.data?.__type.fields.map((f) => f.name).sort()).toEqual(['childTicketLimit', 'code', 'kind', 'lastValidDay', 'on', 'reason', 'usable']);
  });
});

describe('R3, R13: the status on a day, with every reason', () => {
  it('R3: every unknown code gets the very same answer, apart from the code it echoes', async () => {
    const answers = await Promise.all(['ZZ00000001', 'E9999', '99999', 'A999999999', 'AM98000000'].map((code) => usableStatus(as.provider(), code)));
    const [first, ...rest] = answers.map(({ code: _code, ...answer }) => answer);
    expect(first).toEqual({ on: today(), usable: false, reason: 'NOT_REGISTERED', kind: null, lastValidDay: null, childTicketLimit: null });
    for (const answer of rest) expect(answer).toEqual(first);
    expect(answers.map((a) => a.code)).toEqual(['ZZ00000001', 'E9999', '99999', 'A999999999', 'AM98000000']);
  });

  it('R3: a card does not work until it is registered, and works at once after', async () => {
    const code = freshCode('S');
    expect(await usableStatus(as.provider(), code)).toMatchObject({ usable: false, reason: 'NOT_REGISTERED' });
    const card = await register(t.app, as.tampereDistributor(), { code: code.toLowerCase() });
    expect(await usableStatus(as.provider(), ` ${code.toLowerCase()} `)).toMatchObject({ code, usable: true, reason: null, kind: 'PERSONAL', lastValidDay: card.validUntil });
  });

  it('R5, R13: NOT_YET_VALID before the grant day and EXPIRED after the last valid day, asked with `on`', async () => {
    const grantedOn = daysFromToday(-5);
    const card = await register(t.app, as.tampereDistributor(), { code: freshCode('S'), grantedOn });
    expect(await usableStatus(as.provider(), card.code, addDays(grantedOn, -1))).toMatchObject({ usable: false, reason: 'NOT_YET_VALID', on: addDays(grantedOn, -1) });
    expect(await usableStatus(as.provider(), card.code, grantedOn)).toMatchObject({ usable: true, reason: null });
    expect(await usableStatus(as.provider(), card.code, card.validUntil)).toMatchObject({ usable: true, reason: null });
    expect(await usableStatus(as.provider(), card.code, addDays(card.validUntil, 1))).toMatchObject({ usable: false, reason: 'EXPIRED', lastValidDay: card.validUntil });
  });

  it('R6, R13: ENDED and OUT_OF_USE (demo cards), with the last day the card worked', async () => {
    const [ended] = await sql<{ closed_on: string }>(t.app, "select closed_on::text from cards.card where code = 'AM99001040'");
    expect(await usableStatus(as.ticketAgent(), 'AM99001040')).toMatchObject({ usable: false, reason: 'ENDED', lastValidDay: addDays(ended?.closed_on ?? '', -1) });
    expect(await usableStatus(as.ticketAgent(), 'am99-001-041')).toMatchObject({ code: 'AM99001041', usable: false, reason: 'OUT_OF_USE' });
  });

  it('R10: a community card answers with its kind and the group’s child tickets', async () => {
    expect(await usableStatus(as.provider(), 'AM99001048')).toMatchObject({ kind: 'COMMUNITY', usable: true, childTicketLimit: 5 });
  });

  it('R2: a malformed code is refused with a stable code, not answered', async () => {
    const res = await status(as.provider(), 'AM99.001');
    expect(res.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', details: { field: 'code', reason: 'INVALID_CHARACTERS' } });
  });
});

describe('L1: `on` names a day near today', () => {
  it.each([
    ['long ago', '2000-01-01'],
    ['eight days back', () => daysFromToday(-8)],
    ['401 days ahead', () => daysFromToday(401)],
    ['far ahead', '2999-12-31'],
  ])('L1: a day %s is refused with BAD_USER_INPUT OUT_OF_RANGE, in the caller’s language', async (_when, day) => {
    const on = typeof day === 'function' ? day() : day;
    for (const [locale, text] of [['fi', /päivää/], ['sv', /dagar/], ['en', /days/]] as const) {
      const res = await gql<{ cardStatus: StatusData }>(t.app, as.provider(), STATUS, { code: DEMO_CARD, on }, locale);
      expect(res.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', details: { field: 'on', reason: 'OUT_OF_RANGE' } });
      expect(res.errors?.[0]?.message).toMatch(text);
      expect(res.data ?? null).toBeNull();
    }
  });

  it('L1: seven days back and 400 days ahead are answered', async () => {
    expect(await usableStatus(as.provider(), DEMO_CARD, daysFromToday(-7))).toMatchObject({ usable: false, reason: 'NOT_YET_VALID' });
    expect(await usableStatus(as.provider(), DEMO_CARD, daysFromToday(400))).toMatchObject({ usable: false, reason: 'EXPIRED' });
  });
});

/** Waits, when needed, until the database clock has at least `seconds` left in its current minute (the throttle's window). */
async function awayFromMinuteEnd(seconds = 25): Promise<void> {
  const [row] = await sql<{ s: string }>(t.app, "select extract(epoch from date_trunc('minute', now()) + interval '1 minute' - now()) as s");
  const left = Number(row?.s);
  if (left < seconds) await new Promise((resolve) => setTimeout(resolve, (left + 0.5) * 1000));
}

async function lookUp(identity: () => Identity, times: number, app: SubgraphApp = t.app): Promise<(string | undefined)[]> {
  const codes: (string | undefined)[] = [];
  for (let done = 0; done < times; done += 10) {
    const batch = await Promise.all(Array.from({ length: Math.min(10, times - done) }, (_, i) => status(identity(), `ZZ${String(done + i).padStart(8, '0')}`, undefined, app)));
    codes.push(...batch.map(codeOf));
  }
  return codes;
}

describe('R29: the look-up throttle', () => {
  let replica: SubgraphApp | undefined;

  afterAll(async () => {
    await replica?.close();
  });

  it(
    'R29: refuses with RATE_LIMITED after the per-minute limit, counted in PostgreSQL per organisation: a second instance refuses too, another organisation is unaffected',
    async () => {
      const theatre = () => person('CULTURE_PROVIDER', { organizationId: O.kansallisteatteri, regionId: DEMO.regions.uusimaa });
      const otherVenue = () => person('CULTURE_PROVIDER', { organizationId: O.ateneum, regionId: DEMO.regions.uusimaa });
      await awayFromMinuteEnd();

      // Many people of one organisation share its allowance.
      expect(await lookUp(theatre, LOOKUPS_PER_MINUTE.person)).toEqual(Array(LOOKUPS_PER_MINUTE.person).fill(undefined));
      const refused = await status(theatre(), DEMO_CARD, undefined);
      expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', details: { retryAfterSeconds: expect.any(Number) } });
      expect(refused.data ?? null).toBeNull();
      for (const locale of ['fi', 'sv'] as const) {
        const localized = await gql(t.app, theatre(), STATUS, { code: DEMO_CARD }, locale);
        expect(localized.errors?.[0]?.message).toMatch(locale === 'fi' ? /korttihaku/ : /kortsökningar/);
      }

      // The count lives in the database: a second instance of the subgraph refuses as well.
      expect(await sql(t.app, 'select lookups from cards.status_lookup where caller_id = ?', [O.kansallisteatteri])).toEqual([{ lookups: LOOKUPS_PER_MINUTE.person + 3 }]);
      replica = await startReplica(t.db.url);
      expect(codeOf(await status(theatre(), DEMO_CARD, undefined, replica))).toBe('RATE_LIMITED');

      // Another organisation is not affected, on either instance.
      expect((await usableStatus(otherVenue(), DEMO_CARD)).usable).toBe(true);
      expect((await status(otherVenue(), DEMO_CARD, undefined, replica)).data?.cardStatus.usable).toBe(true);
    },
    90_000,
  );

  it('R29: a malformed code and a day out of range count as look-ups too (trying shapes is trying codes)', async () => {
    const venue = () => person('CULTURE_PROVIDER', { organizationId: O.ateneum, regionId: DEMO.regions.uusimaa });
    await awayFromMinuteEnd();
    const count = async () => ((await sql<{ lookups: number }>(t.app, 'select lookups from cards.status_lookup where caller_id = ?', [O.ateneum]))[0]?.lookups ?? 0);
    expect(codeOf(await status(venue(), DEMO_CARD))).toBeUndefined();
    const before = await count();
    expect(codeOf(await status(venue(), 'AM99.001'))).toBe('BAD_USER_INPUT');
    expect(codeOf(await status(venue(), DEMO_CARD, '1999-01-01'))).toBe('BAD_USER_INPUT');
    expect(await count()).toBe(before + 2);
  });

  it('decision 0030: counting a look-up is no durable commit — the counts table is unlogged (a crash of PostgreSQL forgets at most the minute’s counts)', async () => {
    expect(await sql(t.app, `select relpersistence from pg_class where oid = 'cards.status_lookup'::regclass`)).toEqual([{ relpersistence: 'u' }]);
  });

  it(
    'R29: an organisation’s partner keys share one allowance (a new key does not buy more look-ups), apart from its staff’s',
    async () => {
      const key = (organizationId: string = O.vaasaTicketAndTheatre) => ({ ...as.partnerKey(['CARD_STATUS_READ']), organizationId });
      await awayFromMinuteEnd(10);
      const callersBefore = new Set((await sql<{ caller_id: string }>(t.app, 'select caller_id from cards.status_lookup')).map((r) => r.caller_id));
      expect(codeOf(await status(key(), DEMO_CARD))).toBeUndefined();
      const created = (await sql<{ caller_id: string; lookups: number }>(t.app, 'select caller_id, lookups from cards.status_lookup')).filter((r) => !callersBefore.has(r.caller_id));
      expect(created).toEqual([{ caller_id: expect.any(String), lookups: 1 }]);
      // Spend the rest of this minute's allowance directly: counting 600 look-ups over HTTP proves nothing more.
      await sql(t.app, 'update cards.status_lookup set lookups = ? where caller_id = ?', [LOOKUPS_PER_MINUTE.apiKey, created[0]?.caller_id]);

      expect(codeOf(await status(key(), DEMO_CARD))).toBe('RATE_LIMITED');
      // The organisation's staff at the box office keep their own allowance.
      expect(codeOf(await status(person('TICKET_AGENT', { organizationId: O.vaasaTicketAndTheatre }), DEMO_CARD))).toBeUndefined();
      // Another organisation's key is not affected.
      expect(codeOf(await status(key(O.lippupiste), DEMO_CARD))).toBeUndefined();
    },
    60_000,
  );
});
