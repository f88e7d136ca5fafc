import { DEMO } from '@kaikukanta/kit';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { addDays, lastValidDay } from '../modules/card/validity.js';
import {
  as,
  codeOf,
  daysFromToday,
  freshCode,
  gql,
  personalBackground,
  register,
  REGISTER,
  rowCounts,
  sql,
  startCards,
  thisYear,
  today,
  type CardData,
  type CardsTestApp,
  type Locale,
} from './support.js';

/** Registering cards through the subgraph's API (R1–R5, R7–R10), and what a bad registration leaves behind: nothing. */

let t: CardsTestApp;

beforeAll(async () => {
  t = await startCards(inject('pgAdminUrl'));
});

afterAll(async () => {
  await t?.close();
});

const O = DEMO.organizations;

describe('registering cards', () => {
  it('R3, R5, R8: a distributor registers a personal card with background data, history and an outbox event', async () => {
    const distributor = as.tampereDistributor();
    const before = await rowCounts(t.app);
    const code = freshCode('P');
    const card = await register(t.app, distributor, { code, background: personalBackground({ minorChildren: 3, lifeSituations: ['STUDENT', 'STUDENT', 'LOW_INCOME'] }) });

    expect(card).toMatchObject({
      code,
      kind: 'PERSONAL',
      state: 'ACTIVE',
      grantedOn: today(),
      trialEndsOn: null,
      validUntil: lastValidDay(today()),
      closedOn: null,
      usableToday: true,
      reasonToday: null,
      childTicketLimit: 3,
      distributor: { id: O.tampereSocial },
    });
    // R8: exactly the background fields, life situations de-duplicated.
    expect(card.background).toEqual({ birthYear: 1980, postalCode: '33100', minorChildren: 3, motherTongue: 'FINNISH', gender: 'WOMAN', lifeSituations: ['STUDENT', 'LOW_INCOME'] });
    // R6: the registration is the first history entry, with who and when.
    expect(card.history).toEqual([
      {
        kind: 'REGISTERED',
        effectiveOn: today(),
        validUntil: card.validUntil,
        outOfUseReason: null,
        actorUserId: distributor.userId,
        actorOrganization: { id: O.tampereSocial },
        at: expect.any(String),
      },
    ]);
    expect(await rowCounts(t.app)).toEqual({ card: before.card + 1, background: before.background + 1, card_history: before.card_history + 1, outbox: before.outbox + 1 });
    const [event] = await sql(t.app, 'select type, card_kind, distributor_id, region_id, effective_on::text, valid_until::text from cards.outbox where card_id = ?', [card.id]);
    expect(event).toEqual({
      type: 'REGISTERED',
      card_kind: 'PERSONAL',
      distributor_id: O.tampereSocial,
      region_id: DEMO.regions.pirkanmaa,
      effective_on: today(),
      valid_until: card.validUntil,
    });
  });

  it('R5: a card granted on trial is valid until the end of the trial; one granted earlier is registered late with its own dates', async () => {
    const trial = await register(t.app, as.tampereDistributor(), { code: freshCode('P'), grantedOn: daysFromToday(-10), trialEndsOn: daysFromToday(50) });
    expect(trial).toMatchObject({ grantedOn: daysFromToday(-10), trialEndsOn: daysFromToday(50), validUntil: daysFromToday(50), usableToday: true });
    const late = await register(t.app, as.tampereDistributor(), { code: freshCode('P'), grantedOn: daysFromToday(-300) });
    expect(late).toMatchObject({ grantedOn: daysFromToday(-300), validUntil: lastValidDay(daysFromToday(-300)), usableToday: true });
  });

  it('R10: a community card belongs to the organisation, carries no background data and allows a small group', async () => {
    const before = await rowCounts(t.app);
    const card = await register(t.app, as.helsinkiDistributor(), { code: freshCode('C'), kind: 'COMMUNITY' });
    expect(card).toMatchObject({ kind: 'COMMUNITY', distributor: { id: O.helsinkiSocial }, childTicketLimit: 5, background: null, state: 'ACTIVE' });
    expect(card.history?.map((h) => h.kind)).toEqual(['REGISTERED']);
    expect(await rowCounts(t.app)).toEqual({ card: before.card + 1, background: before.background, card_history: before.card_history + 1, outbox: before.outbox + 1 });
  });

  it('R4: a holder who turns 16 in the grant year may have a card; one who turns 15 may not', async () => {
    const sixteen = await register(t.app, as.tampereDistributor(), { code: freshCode('P'), background: personalBackground({ birthYear: thisYear() - 16 }) });
    expect(sixteen.background?.birthYear).toBe(thisYear() - 16);

    const before = await rowCounts(t.app);
    const res = await gql(t.app, as.tampereDistributor(), REGISTER, { input: { code: freshCode('P'), background: personalBackground({ birthYear: thisYear() - 15 }) } });
    expect(res.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', details: { field: 'birthYear', reason: 'UNDER_16' } });
    expect(res.data).toBeNull();
    expect(await rowCounts(t.app)).toEqual(before);
  });
});

describe('R2: card codes are normalised on the way in', () => {
  it('R2: " am 99-000 123 " is stored as AM99000123 and found again however it is typed', async () => {
    const card = await register(t.app, as.tampereDistributor(), { code: ' am 99-000 123 ' });
    expect(card.code).toBe('AM99000123');
    expect(await sql(t.app, 'select code from cards.card where id = ?', [card.id])).toEqual([{ code: 'AM99000123' }]);
    for (const typed of ['am99000123', 'AM 9900 0123', '*AM99000123*', 'am-99-000-123\n']) {
      const found = await gql<{ card: { id: string } }>(t.app, as.tampereDistributor(), 'query ($c: String) { card(code: $c) { id } }', { c: typed });
      expect(found.data?.card.id, typed).toBe(card.id);
    }
  });

  it('R2, R15: a Code 39 scan with its start/stop characters registers the bare code', async () => {
    const card = await register(t.app, as.tampereDistributor(), { code: '*A0451*' });
    expect(card.code).toBe('A0451');
  });

  it('R2: an already registered code is refused with CARD_ALREADY_REGISTERED, whoever registers it and however it is typed', async () => {
    const code = freshCode('D');
    await register(t.app, as.tampereDistributor(), { code });
    const before = await rowCounts(t.app);
    for (const [identity, typed] of [
      [as.tampereDistributor(), code],
      [as.tampereDistributor(), ` ${code.toLowerCase().split('').join(' ')} `],
      [as.helsinkiDistributor(), `*${code}*`],
    ] as const) {
      const res = await gql(t.app, identity, REGISTER, { input: { code: typed, kind: 'COMMUNITY' } });
      expect(res.errors?.[0]?.extensions).toEqual({ code: 'CARD_ALREADY_REGISTERED', details: { field: 'code' } });
      expect(res.data).toBeNull();
    }
    expect(await rowCounts(t.app)).toEqual(before);
  });

  it('R2: of concurrent registrations of one code exactly one wins, the others hear CARD_ALREADY_REGISTERED', async () => {
    const code = freshCode('R');
    const before = await rowCounts(t.app);
    const attempts = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        gql<{ registerCard: CardData }>(t.app, i % 2 ? as.helsinkiDistributor() : as.tampereDistributor(), REGISTER, {
          input: { code: i % 3 ? code : code.toLowerCase(), background: personalBackground() },
        }),
      ),
    );
    const won = attempts.filter((res) => res.data?.registerCard);
    const lost = attempts.filter((res) => res.errors);
    expect(won).toHaveLength(1);
    expect(lost.map(codeOf)).toEqual(Array(5).fill('CARD_ALREADY_REGISTERED'));
    expect(await rowCounts(t.app)).toEqual({ card: before.card + 1, background: before.background + 1, card_history: before.card_history + 1, outbox: before.outbox + 1 });
  });
});

/**
 * Bad input: each case has a stable machine-readable code (and field and
 * reason), a message in Finnish, Swedish and English, and leaves no row
 * behind in card, background, card_history or outbox.
 */
const BAD_INPUT: {
  name: string;
  input: () => Record<string, unknown>;
  extensions: Record<string, unknown>;
  en: RegExp;
}[] = [
  {
    name: 'R8: a postal code that is not five digits',
    input: () => ({ code: freshCode('B'), background: personalBackground({ postalCode: '3310' }) }),
    extensions: { code: 'BAD_USER_INPUT', details: { field: 'postalCode', reason: 'INVALID_POSTAL_CODE' } },
    en: /five digits/,
  },
  {
    name: 'R8, R9: an address in the postal code field',
    input: () => ({ code: freshCode('B'), background: personalBackground({ postalCode: 'Hämeenkatu 1' }) }),
    extensions: { code: 'BAD_USER_INPUT', details: { field: 'postalCode', reason: 'INVALID_POSTAL_CODE' } },
    en: /five digits/,
  },
  {
    name: 'R8: a negative number of minor children',
    input: () => ({ code: freshCode('B'), background: personalBackground({ minorChildren: -1 }) }),
    extensions: { code: 'BAD_USER_INPUT', details: { field: 'minorChildren', reason: 'OUT_OF_RANGE' } },
    en: /minor children/,
  },
  {
    name: 'R8: an implausible number of minor children',
    input: () => ({ code: freshCode('B'), background: personalBackground({ minorChildren: 31 }) }),
    extensions: { code: 'BAD_USER_INPUT', details: { field: 'minorChildren', reason: 'OUT_OF_RANGE' } },
    en: /minor children/,
  },
  {
    name: 'R8: life situation NOT_TOLD together with others',
    input: () => ({ code: freshCode('B'), background: personalBackground({ lifeSituations: ['NOT_TOLD', 'UNEMPLOYED'] }) }),
    extensions: { code: 'BAD_USER_INPUT', details: { field: 'lifeSituations', reason: 'INVALID_LIFE_SITUATIONS' } },
    en: /not told/,
  },
  {
    name: 'R8: no life situation at all',
    input: () => ({ code: freshCode('B'), background: personalBackground({ lifeSituations: [] }) }),
    extensions: { code: 'BAD_USER_INPUT', details: { field: 'lifeSituations', reason: 'INVALID_LIFE_SITUATIONS' } },
    en: /life situation/,
  },
  {
    name: 'R8: a personal card without background data',
    input: () => ({ code: freshCode('B'), kind: 'PERSONAL', background: null }),
    extensions: { code: 'BAD_USER_INPUT', details: { field: 'background', reason: 'REQUIRED' } },
    en: /needs background data/,
  },
  {
    name: 'R10: a community card with background data',
    input: () => ({ code: freshCode('B'), kind: 'COMMUNITY', background: personalBackground() }),
    extensions: { code: 'BAD_USER_INPUT', details: { field: 'background', reason: 'NOT_ALLOWED' } },
    en: /community card has no background/,
  },
  {
    name: 'R4: a birth year before 1900',
    input: () => ({ code: freshCode('B'), background: personalBackground({ birthYear: 1899 }) }),
    extensions: { code: 'BAD_USER_INPUT', details: { field: 'birthYear', reason: 'OUT_OF_RANGE' } },
    en: /birth year/,
  },
  {
    name: 'R4: a birth year after the grant year',
    input: () => ({ code: freshCode('B'), background: personalBackground({ birthYear: thisYear() + 1 }) }),
    extensions: { code: 'BAD_USER_INPUT', details: { field: 'birthYear', reason: 'OUT_OF_RANGE' } },
    en: /birth year/,
  },
  {
    name: 'R5: a grant date in the future',
    input: () => ({ code: freshCode('B'), grantedOn: daysFromToday(1) }),
    extensions: { code: 'BAD_USER_INPUT', details: { field: 'grantedOn', reason: 'OUT_OF_RANGE' } },
    en: /grant date/,
  },
  {
    name: 'R5: a grant date twelve months ago (the card expired yesterday)',
    input: () => ({ code: freshCode('B'), grantedOn: latestExpiredGrant() }),
    extensions: { code: 'BAD_USER_INPUT', details: { field: 'grantedOn', reason: 'OUT_OF_RANGE' } },
    en: /grant date/,
  },
  {
    name: 'R5: a trial that ends before the grant date',
    input: () => ({ code: freshCode('B'), grantedOn: daysFromToday(-5), trialEndsOn: daysFromToday(-6) }),
    extensions: { code: 'BAD_USER_INPUT', details: { field: 'trialEndsOn', reason: 'OUT_OF_RANGE' } },
    en: /end of the trial/,
  },
  {
    name: 'R5: a trial that ends after twelve months',
    input: () => ({ code: freshCode('B'), trialEndsOn: daysFromToday(400) }),
    extensions: { code: 'BAD_USER_INPUT', details: { field: 'trialEndsOn', reason: 'OUT_OF_RANGE' } },
    en: /end of the trial/,
  },
  {
    name: 'R5: a trial that has already ended (the card would be expired at once)',
    input: () => ({ code: freshCode('B'), grantedOn: daysFromToday(-30), trialEndsOn: daysFromToday(-1) }),
    extensions: { code: 'BAD_USER_INPUT', details: { field: 'trialEndsOn', reason: 'OUT_OF_RANGE' } },
    en: /end of the trial/,
  },
  {
    name: 'R2: a code with punctuation',
    input: () => ({ code: 'AM99.000.123' }),
    extensions: { code: 'BAD_USER_INPUT', details: { field: 'code', reason: 'INVALID_CHARACTERS' } },
    en: /card code is not valid/,
  },
  {
    name: 'R2: a code with a Cyrillic look-alike letter',
    input: () => ({ code: '\u0410M99000124' }),
    extensions: { code: 'BAD_USER_INPUT', details: { field: 'code', reason: 'INVALID_CHARACTERS' } },
    en: /card code is not valid/,
  },
  {
    name: 'R2: a code that is too short',
    input: () => ({ code: 'E12' }),
    extensions: { code: 'BAD_USER_INPUT', details: { field: 'code', reason: 'TOO_SHORT' } },
    en: /card code is not valid/,
  },
  {
    name: 'R2: an empty code',
    input: () => ({ code: ' ** ' }),
    extensions: { code: 'BAD_USER_INPUT', details: { field: 'code', reason: 'EMPTY' } },
    en: /card code is not valid/,
  },
  {
    name: 'R9: a personal identity code in the code field',
    input: () => ({ code: '131052-308T' }),
    extensions: { code: 'PERSONAL_DATA_REFUSED' },
    en: /personal identity code/,
  },
  {
    name: 'R9: a personal identity code with a century letter in the code field',
    input: () => ({ code: '010594Y9032' }),
    extensions: { code: 'PERSONAL_DATA_REFUSED' },
    en: /personal identity code/,
  },
  {
    name: 'R9: a personal identity code split by spaces, which normalisation would join',
    input: () => ({ code: '131052 308T' }),
    extensions: { code: 'PERSONAL_DATA_REFUSED' },
    en: /personal identity code/,
  },
  {
    name: 'R9: a personal identity code with a century letter split by a space',
    input: () => ({ code: '131052A 308T' }),
    extensions: { code: 'PERSONAL_DATA_REFUSED' },
    en: /personal identity code/,
  },
  {
    name: 'R9: a personal identity code in the postal code field',
    input: () => ({ code: freshCode('B'), background: personalBackground({ postalCode: '131052-308T' }) }),
    extensions: { code: 'PERSONAL_DATA_REFUSED' },
    en: /personal identity code/,
  },
];

/** The latest grant date whose twelve months are already over (about a year ago; leap days make it vary). */
function latestExpiredGrant(): string {
  let day = daysFromToday(-370);
  while (lastValidDay(addDays(day, 1)) < today()) day = addDays(day, 1);
  return day;
}

describe('bad input: a stable code, a message in the caller’s language, and no trace in the database', () => {
  it.each(BAD_INPUT)('$name', async ({ input, extensions, en }) => {
    const before = await rowCounts(t.app);
    const variables = { input: { kind: 'PERSONAL', background: personalBackground(), ...input() } };
    const messages = {} as Record<Locale, string>;
    for (const locale of ['fi', 'sv', 'en'] as const) {
      const res = await gql(t.app, as.tampereDistributor(), REGISTER, variables, locale);
      expect(res.errors, JSON.stringify(res.errors)).toHaveLength(1);
      expect(res.errors?.[0]?.extensions).toEqual(extensions);
      expect(res.data ?? null).toBeNull();
      messages[locale] = res.errors?.[0]?.message ?? '';
    }
    expect(messages.en).toMatch(en);
    expect(new Set(Object.values(messages)).size, JSON.stringify(messages)).toBe(3);
    expect(await rowCounts(t.app)).toEqual(before);
  });
});
