import 'reflect-metadata';
import { DEMO, type Identity } from '@kaikukanta/kit';
import { createRequire } from 'node:module';
import type Pg from 'pg';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { fromHelsinki } from '../modules/event/event-time.js';
import { EXCLUSION_TEXT } from '../modules/event/exclusion-text.js';
import { finnishTime, PROBLEM_MESSAGES } from '../modules/usage/registration.errors.js';
import {
  as,
  CANCEL,
  card,
  CHECK,
  codeOf,
  daysFromToday,
  event,
  freshCode,
  gql,
  key,
  officer as officerOf,
  person,
  problemCodes,
  REGISTER,
  REGISTER_GROUP,
  sql,
  startUsageSystem,
  today,
  usedOf,
  type GroupRegistration,
  type Registration,
  type UsageTestSystem,
} from './registration.support.js';

/**
 * Usage registration rule by rule (R2, R3, R11–R18, R21), with the refusal codes partners act on, group visits
 * (R14), idempotency, offline capture (R16), cancellation and the outbox — against the usage subgraph over HTTP,
 * with cards and organizations on the same database for their published views.
 */

const O = DEMO.organizations;
let system: UsageTestSystem;
const sut = () => system.sut;

beforeAll(async () => {
  system = await startUsageSystem(inject('pgAdminUrl'));
});

afterAll(async () => {
  await system?.close();
});

/** A culture provider of Nokia (536, Pirkanmaa), added to organizations' table as its admin would: the demo network has none outside Tampere in Pirkanmaa. */
async function nokiaCultureProvider(): Promise<string> {
  const id = '0a6c1a5e-0000-4000-8000-0000000e0536';
  await sql(
    sut(),
    `insert into organizations.organization (id, name, kinds, municipality_code, venue_type, field, active, created_at, updated_at)
     values (?, 'Nokian kaupunginkirjasto', '{CULTURE_PROVIDER}', '536', 'LIBRARY', 'CULTURE', true, now(), now()) on conflict (id) do nothing`,
    [id],
  );
  return id;
}

const register = (identity: Identity = as.provider(), input: Record<string, unknown> = {}, locale = 'en') =>
  gql<Registration>(sut(), identity, REGISTER, { input: { idempotencyKey: key(), ...input } }, locale);

describe('R11: one use = one card, one adult ticket, child tickets', () => {
  it('R11, R2: a provider registers a use at its door; the code is normalised as cards stores it, one adult ticket is implied', async () => {
    const code = await card(sut(), { childTicketLimit: 2 });
    const eventId = await event(sut(), { cap: 10 });
    const typed = ` *${code.toLowerCase().slice(0, 3)}-${code.toLowerCase().slice(3)}* `;
    const res = await register(as.provider(), { eventId, cardCode: typed, childTickets: 2 });
    expect(res.errors).toBeUndefined();
    expect(res.data?.registerUsage.usages).toEqual([
      expect.objectContaining({ cardCode: code, cardKind: 'PERSONAL', adultTickets: 1, childTickets: 2, eventName: 'Testinäytös', event: { id: eventId }, groupId: null }),
    ]);
    expect(await usedOf(sut(), eventId)).toEqual({ used: 1, rows: 1 });
    const outbox = await sql<{ type: string; child_tickets: number }>(sut(), 'select type, child_tickets from usage.outbox where usage_id = ?', [res.data?.registerUsage.usages[0]?.id]);
    expect(outbox).toEqual([{ type: 'USAGE_REGISTERED', child_tickets: 2 }]);
  });

  it('R17: a ticket agent registers a sales-report row by event name and date for a client provider, no event kept', async () => {
    const code = await card(sut());
    const res = await register(as.ticketAgent(), { report: { providerId: O.tampereTheatre, name: 'Kesäyön unelma', date: today() }, cardCode: code });
    expect(res.errors).toBeUndefined();
    expect(res.data?.registerUsage.usages[0]).toMatchObject({ event: null, eventName: 'Kesäyön unelma', eventDate: today() });
  });

  it('R17: neither or both of event and report is refused (INVALID_REPORTED_EVENT)', async () => {
    const code = await card(sut());
    const eventId = await event(sut());
    expect(codeOf(await register(as.provider(), { cardCode: code }))).toBe('INVALID_REPORTED_EVENT');
    expect(codeOf(await register(as.provider(), { eventId, report: { providerId: O.tampereTheatre, name: 'x', date: today() }, cardCode: code }))).toBe('INVALID_REPORTED_EVENT');
  });

  it('an unknown event is EVENT_NOT_FOUND', async () => {
    expect(codeOf(await register(as.provider(), { eventId: '0a6c1a5e-0000-4000-8002-ffffffffffff', cardCode: await card(sut()) }))).toBe('EVENT_NOT_FOUND');
  });

  it('an event id or a reported provider that is no id at all is refused with its code, not an internal error', async () => {
    const cardCode = await card(sut());
    expect(codeOf(await register(as.provider(), { eventId: 'not-an-id', cardCode }))).toBe('EVENT_NOT_FOUND');
    expect(codeOf(await register(as.ticketAgent(), { report: { providerId: 'not-an-id', name: 'Konsertti', date: today() }, cardCode }))).toBe('PROVIDER_NOT_CLIENT');
  });
});

describe('Reading uses', () => {
  it('R29: usage(id) answers the registering organisation, with its event; anyone else gets null', async () => {
    const eventId = await event(sut());
    const res = await register(as.provider(), { eventId, cardCode: await card(sut()) });
    const id = res.data?.registerUsage.usages[0]?.id;
    const USAGE = 'query ($id: ID!) { usage(id: $id) { id event { id name } cancelledAt } }';
    expect((await gql<{ usage: unknown }>(sut(), as.provider(), USAGE, { id })).data?.usage).toEqual({ id, event: { id: eventId, name: 'Testinäytös' }, cancelledAt: null });
    expect((await gql<{ usage: unknown }>(sut(), as.otherProvider(), USAGE, { id })).data?.usage).toBeNull();
    expect((await gql<{ usage: unknown }>(sut(), as.provider(), USAGE, { id: 'not-a-uuid' })).data?.usage).toBeNull();
  });
});

describe('R2, R3, R13: the card, judged for the event day from cards.card_status', () => {
  const refusals: [string, () => Promise<string>, string][] = [
    ['R2: a malformed code', async () => 'AB?1', 'INVALID_CARD_CODE'],
    ['R3: a code never registered', async () => freshCode('X'), 'CARD_NOT_REGISTERED'],
    ['R13: a card granted after the event day', () => card(sut(), { grantedOn: daysFromToday(10), validUntil: daysFromToday(300) }), 'CARD_NOT_YET_VALID'],
    ['R5, R13: a card expired before the event day', () => card(sut(), { grantedOn: daysFromToday(-400), validUntil: daysFromToday(1) }), 'CARD_EXPIRED'],
    ['R6: an ended card', () => card(sut(), { state: 'ENDED', closedOn: today() }), 'CARD_ENDED'],
    ['R6: a card taken out of use', () => card(sut(), { state: 'OUT_OF_USE', closedOn: today() }), 'CARD_OUT_OF_USE'],
  ];
  it.each(refusals)('%s is refused with its code', async (_name, makeCode, expected) => {
    const eventId = await event(sut());
    const res = await register(as.provider(), { eventId, cardCode: await makeCode() });
    expect(codeOf(res)).toBe(expected);
    expect(res.errors?.[0]?.extensions?.details?.field).toBe('cardCode');
    expect(await usedOf(sut(), eventId)).toEqual({ used: 0, rows: 0 });
  });

  it('R6, R13 (decision 0006): a card ending after the event day is still good for it', async () => {
    const code = await card(sut(), { state: 'ENDED', closedOn: daysFromToday(5) });
    const res = await register(as.provider(), { eventId: await event(sut()), cardCode: code });
    expect(res.errors).toBeUndefined();
  });

  it('R6: the refusal is localised (fi, sv)', async () => {
    const code = await card(sut(), { state: 'OUT_OF_USE', closedOn: today() });
    const eventId = await event(sut());
    expect((await register(as.provider(), { eventId, cardCode: code }, 'fi')).errors?.[0]?.message).toBe('Kortti on poistettu käytöstä.');
    expect((await register(as.provider(), { eventId, cardCode: code }, 'sv')).errors?.[0]?.message).toBe('Kortet har tagits ur bruk.');
  });

  it('each card’s cards.card_status row is read once per registration (rules and outbox alike), and the outbox still carries the card’s id; a registration is five statements (issue 12)', async () => {
    // The pg that MikroORM's pool uses (its own copy, nested under @mikro-orm/postgresql): every statement sent.
    const pg = createRequire(fileURLToPath(import.meta.resolve('@mikro-orm/postgresql')))('pg') as typeof Pg;
    const query = vi.spyOn(pg.Client.prototype, 'query');
    try {
      const sent = () => query.mock.calls.map(([text]) => String((text as { text?: string }).text ?? text));
      const statusReads = () => sent().filter((text) => text.includes('card_status')).length;
      const single = { eventId: await event(sut()), cardCode: await card(sut()) };
      query.mockClear();
      expect((await register(as.provider(), single)).errors).toBeUndefined();
      expect(statusReads()).toBe(1);
      // The write count, then the transaction: the key's claim with every read of the rules, then the uses, their
      // outbox events and the cap places together — each round trip waits for the process and a backend under load.
      const registration = sent().slice(0, sent().indexOf('commit') + 1);
      expect(registration.map((text) => text.split(/\s/)[0])).toEqual(['insert', 'begin', 'with', 'with', 'commit']);
      expect(registration[2]).toMatch(/insert into usage\.idempotency_key[\s\S]*from usage\.event[\s\S]*card_status/);
      expect(registration[3]).toMatch(/insert into usage\.usage[\s\S]*insert into "usage"\."outbox"[\s\S]*update usage\.event set used/);
      const input = { idempotencyKey: key(), eventId: await event(sut()), staffCardCode: await card(sut(), { kind: 'COMMUNITY' }), members: [{ cardCode: await card(sut()), childTickets: 0 }, { cardCode: await card(sut()), childTickets: 0 }] };
      query.mockClear();
      const group = await gql<GroupRegistration>(sut(), as.provider(), REGISTER_GROUP, { input });
      expect(group.errors).toBeUndefined();
      expect(statusReads()).toBe(1);
      const ids = (group.data?.registerGroupVisit.usages ?? []).map((u) => u.id);
      const outbox = await sql<{ card_id: string | null }>(sut(), 'select card_id from usage.outbox where usage_id = any(?::uuid[])', [`{${ids.join(',')}}`]);
      expect(outbox).toHaveLength(3);
      expect(outbox.every((row) => row.card_id !== null)).toBe(true);
    } finally {
      query.mockRestore();
    }
  });
});

describe('R11b, R12: child tickets and courses', () => {
  it('R11b: more child tickets than the card allows is TOO_MANY_CHILD_TICKETS', async () => {
    const res = await register(as.provider(), { eventId: await event(sut()), cardCode: await card(sut(), { childTicketLimit: 1 }), childTickets: 2 });
    expect(codeOf(res)).toBe('TOO_MANY_CHILD_TICKETS');
    expect(res.errors?.[0]?.extensions?.details?.field).toBe('childTickets');
  });

  it('R12: child tickets for a course place are CHILD_TICKETS_FOR_COURSE', async () => {
    const res = await register(as.provider(), { eventId: await event(sut(), { kind: 'COURSE' }), cardCode: await card(sut()), childTickets: 1 });
    expect(codeOf(res)).toBe('CHILD_TICKETS_FOR_COURSE');
  });

  it('R12: a community card for a course place is COMMUNITY_CARD_FOR_COURSE', async () => {
    const res = await register(as.provider(), { eventId: await event(sut(), { kind: 'COURSE' }), cardCode: await card(sut(), { kind: 'COMMUNITY' }) });
    expect(codeOf(res)).toBe('COMMUNITY_CARD_FOR_COURSE');
  });

  it('R12: a personal card without children takes a course place', async () => {
    const res = await register(as.provider(), { eventId: await event(sut(), { kind: 'COURSE' }), cardCode: await card(sut()) });
    expect(res.errors).toBeUndefined();
  });
});

describe('R21: the cap', () => {
  it('R21: the registration past the cap is CAP_EXCEEDED and writes nothing', async () => {
    const eventId = await event(sut(), { cap: 1 });
    expect((await register(as.provider(), { eventId, cardCode: await card(sut()) })).errors).toBeUndefined();
    const res = await register(as.provider(), { eventId, cardCode: await card(sut()) });
    expect(codeOf(res)).toBe('CAP_EXCEEDED');
    expect(await usedOf(sut(), eventId)).toEqual({ used: 1, rows: 1 });
  });
});

describe('R19, R22: what the provider restricts', () => {
  it('R19: an event the provider excluded from the card is EVENT_EXCLUDED', async () => {
    const eventId = await event(sut(), { extra: { exclusion_reason: 'TOURING_PRODUCTION' } });
    expect(codeOf(await register(as.provider(), { eventId, cardCode: await card(sut()) }))).toBe('EVENT_EXCLUDED');
  });

  it('R22: before reservations open (30 days before an event 40 days ahead) is OUTSIDE_TIME_LIMITS', async () => {
    const eventId = await event(sut(), { startsAt: new Date(Date.now() + 40 * 86_400_000), extra: { reservation_opens_days_before: 30 } });
    const res = await register(as.provider(), { eventId, cardCode: await card(sut(), { validUntil: daysFromToday(100) }) });
    expect(codeOf(res)).toBe('OUTSIDE_TIME_LIMITS');
  });

  it('R22: before redemption opens (30 minutes before a start 2 hours ahead) is OUTSIDE_TIME_LIMITS; inside the window it is accepted', async () => {
    const later = await event(sut(), { startsAt: new Date(Date.now() + 2 * 3_600_000), extra: { redemption_opens_minutes_before: 30 } });
    expect(codeOf(await register(as.provider(), { eventId: later, cardCode: await card(sut()) }))).toBe('OUTSIDE_TIME_LIMITS');
    const soon = await event(sut(), { startsAt: new Date(Date.now() + 10 * 60_000), extra: { redemption_opens_minutes_before: 30 } });
    expect((await register(as.provider(), { eventId: soon, cardCode: await card(sut()) })).errors).toBeUndefined();
  });

  it('R16, R22: an offline capture is judged at its capture time: captured before redemption opened is refused though sent after', async () => {
    const started = await event(sut(), { startsAt: new Date(Date.now() - 10 * 60_000), extra: { redemption_opens_minutes_before: 30 } });
    const res = await register(as.provider(), { eventId: started, cardCode: await card(sut()), capturedAt: new Date(Date.now() - 3 * 3_600_000).toISOString() });
    expect(codeOf(res)).toBe('OUTSIDE_TIME_LIMITS');
  });

  it('R19: the refusal names the provider’s reason in the caller’s language, for a use, a group visit and a check', async () => {
    const eventId = await event(sut(), { extra: { exclusion_reason: 'TOURING_PRODUCTION' } });
    for (const locale of ['fi', 'sv', 'en'] as const) {
      const res = await register(as.provider(), { eventId, cardCode: await card(sut()) }, locale);
      expect(codeOf(res)).toBe('EVENT_EXCLUDED');
      expect(res.errors?.[0]?.message).toBe(`${PROBLEM_MESSAGES.EVENT_EXCLUDED[locale]} ${EXCLUSION_TEXT.TOURING_PRODUCTION[locale]}`);
      expect(res.errors?.[0]?.extensions?.details?.problems?.[0]).toMatchObject({ code: 'EVENT_EXCLUDED', reason: 'TOURING_PRODUCTION' });
    }
    const members = [{ cardCode: await card(sut()), childTickets: 0 }];
    const group = await gql(sut(), as.provider(), REGISTER_GROUP, { input: { idempotencyKey: key(), eventId, staffCardCode: await card(sut(), { kind: 'COMMUNITY' }), members } }, 'sv');
    expect(group.errors?.[0]?.extensions?.details?.problems?.[0]?.message).toContain(EXCLUSION_TEXT.TOURING_PRODUCTION.sv);
    const check = await gql<{ usageCheck: { usable: boolean; problems: { code: string; message: string }[] } }>(sut(), as.partnerKey(), CHECK, { input: { eventId, cardCode: await card(sut()) } }, 'fi');
    expect(check.data?.usageCheck.problems).toEqual([expect.objectContaining({ code: 'EVENT_EXCLUDED', message: expect.stringContaining(EXCLUSION_TEXT.TOURING_PRODUCTION.fi) })]);
    expect(await usedOf(sut(), eventId)).toEqual({ used: 0, rows: 0 });
  });

  it('R22: "reservations open N days before" opens at midnight in Finland N days before the event day (decision 0014); the refusal names that moment in fi/sv/en', async () => {
    const eventDay = daysFromToday(31);
    const startsAt = fromHelsinki(`${eventDay}T19:00`);
    const opens = fromHelsinki(`${daysFromToday(1)}T00:00`);
    const eventId = await event(sut(), { startsAt, extra: { reservation_opens_days_before: 30 } });
    const validCard = () => card(sut(), { validUntil: daysFromToday(100) });
    for (const locale of ['fi', 'sv', 'en'] as const) {
      const res = await register(as.provider(), { eventId, cardCode: await validCard() }, locale);
      expect(codeOf(res)).toBe('OUTSIDE_TIME_LIMITS');
      expect(res.errors?.[0]?.extensions?.details?.problems?.[0]).toMatchObject({ code: 'OUTSIDE_TIME_LIMITS', opensAt: opens.toISOString() });
      expect(res.errors?.[0]?.message).toContain(finnishTime(opens, locale));
    }
    expect(finnishTime(fromHelsinki('2027-01-12T18:30'), 'fi')).toBe('12.1.2027 klo 18.30');
    expect(finnishTime(fromHelsinki('2027-01-12T18:30'), 'sv')).toBe('12.1.2027 kl. 18.30');
    expect(finnishTime(fromHelsinki('2027-01-12T18:30'), 'en')).toBe('12 January 2027 at 18:30 (Finnish time)');
    // A day later the window is open from today's midnight, whatever the hour of the show.
    const open = await event(sut(), { startsAt: fromHelsinki(`${daysFromToday(30)}T23:59`), extra: { reservation_opens_days_before: 30 } });
    expect((await register(as.provider(), { eventId: open, cardCode: await validCard() })).errors).toBeUndefined();
  });

  it('R22: with both limits the later one decides and is named; redemption opens N minutes of real time before the start', async () => {
    const startsAt = new Date(Date.now() + 2 * 3_600_000);
    const eventId = await event(sut(), { startsAt, extra: { reservation_opens_days_before: 30, redemption_opens_minutes_before: 30 } });
    const res = await usageCheck(eventId, 'en');
    expect(res.data?.usageCheck.problems).toEqual([{ code: 'OUTSIDE_TIME_LIMITS', field: 'eventId', message: expect.stringContaining(finnishTime(new Date(startsAt.getTime() - 30 * 60_000), 'en')) }]);
  });

  it('R16, R22: an offline capture made after the window opened is accepted though judged long after; the refusal of one made before names the opening', async () => {
    const startsAt = new Date(Date.now() - 60 * 60_000);
    const eventId = await event(sut(), { startsAt, extra: { redemption_opens_minutes_before: 30 } });
    const inside = await register(as.provider(), { eventId, cardCode: await card(sut()), capturedAt: new Date(startsAt.getTime() - 10 * 60_000).toISOString() });
    expect(inside.errors).toBeUndefined();
    const before = await register(as.provider(), { eventId, cardCode: await card(sut()), capturedAt: new Date(startsAt.getTime() - 31 * 60_000).toISOString() });
    expect(before.errors?.[0]?.extensions?.details?.problems?.[0]).toMatchObject({ code: 'OUTSIDE_TIME_LIMITS', opensAt: new Date(startsAt.getTime() - 30 * 60_000).toISOString() });
  });
});

const usageCheck = (eventId: string, locale: string) =>
  card(sut()).then((cardCode) => gql<{ usageCheck: { usable: boolean; problems: { code: string; field: string; message: string }[] } }>(sut(), as.partnerKey(), CHECK, { input: { eventId, cardCode } }, locale));

describe('R18: who may register for whom', () => {
  it('R18: a provider registering for another provider’s event is NOT_OWN_EVENT', async () => {
    const res = await register(as.otherProvider(), { eventId: await event(sut()), cardCode: await card(sut()) });
    expect(codeOf(res)).toBe('NOT_OWN_EVENT');
  });

  it('R18: a ticket agent registers for a client provider, as a clerk and as a partner key', async () => {
    const eventId = await event(sut(), { providerId: O.tampereTheatre });
    expect((await register(as.ticketAgent(), { eventId, cardCode: await card(sut()) })).errors).toBeUndefined();
    expect((await register(as.partnerKey(), { eventId, cardCode: await card(sut()) })).errors).toBeUndefined();
  });

  it.each([
    ['a ticket agent', () => as.ticketAgent()],
    ['a partner key', () => as.partnerKey()],
  ])('R18: %s registering for a provider that is not its client is PROVIDER_NOT_CLIENT', async (_name, who) => {
    const res = await register(who(), { eventId: await event(sut(), { providerId: O.ateneum }), cardCode: await card(sut()) });
    expect(codeOf(res)).toBe('PROVIDER_NOT_CLIENT');
  });

  it('R18: a partner key without USAGE_WRITE is USAGE_WRITE_SCOPE_MISSING', async () => {
    const res = await register(as.partnerKey(['CARD_STATUS_READ']), { eventId: await event(sut()), cardCode: await card(sut()) });
    expect(codeOf(res)).toBe('USAGE_WRITE_SCOPE_MISSING');
  });

  it('R17, decision 0022: a culture officer registers agency reports for providers of their municipality, not of another municipality of the region nor of another region (PROVIDER_OUTSIDE_AREA)', async () => {
    const code = await card(sut());
    const officer = as.cultureOfficer();
    const res = await register(officer, { report: { providerId: O.tampereTheatre, name: 'Raportti', date: today() }, cardCode: code });
    expect(res.errors).toBeUndefined();
    const usageId = res.data?.registerUsage.usages[0]?.id;
    expect(await sql(sut(), 'select registering_organization_id, registering_region_id from usage.usage where id = ?', [usageId])).toEqual([{ registering_organization_id: null, registering_region_id: DEMO.regions.pirkanmaa }]);
    expect(codeOf(await register(officer, { report: { providerId: O.ateneum, name: 'Raportti', date: today() }, cardCode: code }))).toBe('PROVIDER_OUTSIDE_AREA');
    // Nokia is in Pirkanmaa too, but it has its own officer.
    const nokiaProvider = await nokiaCultureProvider();
    expect(codeOf(await register(officer, { report: { providerId: nokiaProvider, name: 'Raportti', date: today() }, cardCode: code }))).toBe('PROVIDER_OUTSIDE_AREA');
    const nokiaOfficer = () => officerOf(DEMO.regions.pirkanmaa, '536');
    expect((await register(nokiaOfficer(), { report: { providerId: nokiaProvider, name: 'Raportti', date: today() }, cardCode: await card(sut()) })).errors).toBeUndefined();
    expect(codeOf(await register(nokiaOfficer(), { report: { providerId: O.tampereTheatre, name: 'Raportti', date: today() }, cardCode: await card(sut()) }))).toBe('PROVIDER_OUTSIDE_AREA');
    // The officers of a municipality own what they registered (usage keeps officers' uses under the region): another
    // officer of Tampere reads, lists and cancels it; Nokia's officer, of the same region, sees none of it (decision
    // 0022), nor does a provider.
    const RECENT = 'query { recentUsages(limit: 50) { id } }';
    const USAGE = 'query ($id: ID!) { usage(id: $id) { id } }';
    const listed = async (who: ReturnType<typeof as.cultureOfficer>) => ((await gql<{ recentUsages: { id: string }[] }>(sut(), who, RECENT)).data?.recentUsages ?? []).map((u) => u.id);
    expect(await listed(as.cultureOfficer())).toContain(usageId);
    expect(await listed(nokiaOfficer())).not.toContain(usageId);
    expect((await gql<{ usage: { id: string } | null }>(sut(), as.cultureOfficer(), USAGE, { id: usageId })).data?.usage?.id).toBe(usageId);
    expect((await gql<{ usage: { id: string } | null }>(sut(), nokiaOfficer(), USAGE, { id: usageId })).data?.usage).toBeNull();
    expect(codeOf(await gql(sut(), nokiaOfficer(), CANCEL, { input: { idempotencyKey: key(), usageId, reason: 'ENTERED_IN_ERROR' } }))).toBe('NOT_FOUND');
    expect(codeOf(await gql(sut(), as.provider(), CANCEL, { input: { idempotencyKey: key(), usageId, reason: 'ENTERED_IN_ERROR' } }))).toBe('NOT_FOUND');
    expect((await gql(sut(), as.cultureOfficer(), CANCEL, { input: { idempotencyKey: key(), usageId, reason: 'ENTERED_IN_ERROR' } })).errors).toBeUndefined();
  });

  it('decision 0022: the officers of two municipalities of one region do not share idempotency keys — the same key registers for each, never one answering with the other’s use', async () => {
    const nokiaProvider = await nokiaCultureProvider();
    const shared = key();
    const tampere = await register(as.cultureOfficer(), { idempotencyKey: shared, report: { providerId: O.tampereTheatre, name: 'Raportti', date: today() }, cardCode: await card(sut()) });
    const nokia = await register(officerOf(DEMO.regions.pirkanmaa, '536'), { idempotencyKey: shared, report: { providerId: nokiaProvider, name: 'Raportti', date: today() }, cardCode: await card(sut()) });
    expect(tampere.errors).toBeUndefined();
    expect(nokia.errors).toBeUndefined();
    expect(nokia.data?.registerUsage.replayed).toBe(false);
    expect(nokia.data?.registerUsage.usages[0]?.id).not.toBe(tampere.data?.registerUsage.usages[0]?.id);
    // Within one municipality the key is shared, as among one organisation's staff: the same request replays.
    const again = await register(as.cultureOfficer(), { idempotencyKey: shared, report: { providerId: O.tampereTheatre, name: 'Raportti', date: today() }, cardCode: tampere.data?.registerUsage.usages[0]?.cardCode as string });
    expect(again.data?.registerUsage.replayed).toBe(true);
  });

  it.each([
    ['a distributor', () => as.distributor(), 'FORBIDDEN'],
    ['an anonymous caller', () => as.anonymous(), 'UNAUTHENTICATED'],
  ])('%s cannot register uses', async (_name, who, expected) => {
    expect(codeOf(await register(who(), { eventId: await event(sut()), cardCode: await card(sut()) }))).toBe(expected);
  });
});

describe('R16: offline capture', () => {
  it('R16, R13: a use captured yesterday and sent today is judged for the event day, though the card ended today', async () => {
    const code = await card(sut(), { state: 'ENDED', closedOn: today() });
    const eventId = await event(sut(), { startsAt: new Date(Date.now() - 86_400_000) });
    const res = await register(as.provider(), { eventId, cardCode: code, capturedAt: new Date(Date.now() - 86_400_000).toISOString() });
    expect(res.errors).toBeUndefined();
    expect(res.data?.registerUsage.usages[0]?.eventDate).toBe(daysFromToday(-1));
  });

  it('R16: a capture time in the future is CAPTURED_AT_IN_FUTURE', async () => {
    const res = await register(as.provider(), { eventId: await event(sut()), cardCode: await card(sut()), capturedAt: new Date(Date.now() + 3_600_000).toISOString() });
    expect(codeOf(res)).toBe('CAPTURED_AT_IN_FUTURE');
  });
});

describe('Idempotency keys', () => {
  it('R16: a retry with the same key and content returns the first answer and writes nothing', async () => {
    const eventId = await event(sut(), { cap: 5 });
    const input = { idempotencyKey: key(), eventId, cardCode: await card(sut()) };
    const first = await gql<Registration>(sut(), as.provider(), REGISTER, { input });
    const again = await gql<Registration>(sut(), as.provider(), REGISTER, { input });
    expect(first.data?.registerUsage.replayed).toBe(false);
    expect(again.data?.registerUsage).toMatchObject({ replayed: true, usages: first.data?.registerUsage.usages });
    expect(await usedOf(sut(), eventId)).toEqual({ used: 1, rows: 1 });
  });

  it('the same key with other content is IDEMPOTENCY_KEY_REUSED', async () => {
    const eventId = await event(sut());
    const idempotencyKey = key();
    await gql(sut(), as.provider(), REGISTER, { input: { idempotencyKey, eventId, cardCode: await card(sut()) } });
    const res = await gql(sut(), as.provider(), REGISTER, { input: { idempotencyKey, eventId, cardCode: await card(sut()) } });
    expect(codeOf(res)).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('a refused registration keeps no key: the retry is judged afresh', async () => {
    const eventId = await event(sut(), { cap: 0 });
    const input = { idempotencyKey: key(), eventId, cardCode: await card(sut()) };
    expect(codeOf(await gql(sut(), as.provider(), REGISTER, { input }))).toBe('CAP_EXCEEDED');
    await sql(sut(), 'update usage.event set cap = 1 where id = ?', [eventId]);
    expect((await gql(sut(), as.provider(), REGISTER, { input })).errors).toBeUndefined();
  });

  it('a malformed key is BAD_USER_INPUT on idempotencyKey', async () => {
    const res = await gql(sut(), as.provider(), REGISTER, { input: { idempotencyKey: 'short', eventId: await event(sut()), cardCode: await card(sut()) } });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'idempotencyKey' } });
  });
});

describe('R14: group visits', () => {
  it('R14: the staff’s community card and every member’s card are registered for one event as one group', async () => {
    const eventId = await event(sut(), { cap: 10 });
    const members = [{ cardCode: await card(sut()) }, { cardCode: await card(sut()), childTickets: 1 }];
    const res = await gql<GroupRegistration>(sut(), as.provider(), REGISTER_GROUP, { input: { idempotencyKey: key(), eventId, staffCardCode: await card(sut(), { kind: 'COMMUNITY' }), members } });
    expect(res.errors).toBeUndefined();
    const { groupId, usages } = res.data?.registerGroupVisit ?? { groupId: null, usages: [] };
    expect(usages.map((u) => u.cardKind)).toEqual(['COMMUNITY', 'PERSONAL', 'PERSONAL']);
    expect(usages.every((u) => u.groupId === groupId && groupId)).toBe(true);
    expect(await usedOf(sut(), eventId)).toEqual({ used: 3, rows: 3 });
  });

  it('R14: one refused card refuses the whole group (GROUP_REFUSED) and answers per card why', async () => {
    const eventId = await event(sut(), { cap: 10 });
    const members = [{ cardCode: await card(sut()) }, { cardCode: await card(sut(), { state: 'OUT_OF_USE', closedOn: today() }) }, { cardCode: freshCode('X') }];
    const res = await gql(sut(), as.provider(), REGISTER_GROUP, { input: { idempotencyKey: key(), eventId, staffCardCode: await card(sut()), members } });
    expect(codeOf(res)).toBe('GROUP_REFUSED');
    expect(res.errors?.[0]?.extensions?.details?.problems).toEqual([
      expect.objectContaining({ code: 'GROUP_STAFF_CARD_NOT_COMMUNITY', member: -1, field: 'staffCardCode' }),
      expect.objectContaining({ code: 'CARD_OUT_OF_USE', member: 1, field: 'members.1.cardCode' }),
      expect.objectContaining({ code: 'CARD_NOT_REGISTERED', member: 2, field: 'members.2.cardCode' }),
    ]);
    expect(await usedOf(sut(), eventId)).toEqual({ used: 0, rows: 0 });
  });

  it('R14, R21: a group larger than the places left is refused whole (CAP_EXCEEDED)', async () => {
    const eventId = await event(sut(), { cap: 2 });
    const res = await gql(sut(), as.provider(), REGISTER_GROUP, { input: { idempotencyKey: key(), eventId, staffCardCode: await card(sut(), { kind: 'COMMUNITY' }), members: [{ cardCode: await card(sut()) }, { cardCode: await card(sut()) }] } });
    expect(codeOf(res)).toBe('GROUP_REFUSED');
    expect(problemCodes(res)).toEqual(['CAP_EXCEEDED']);
    expect(await usedOf(sut(), eventId)).toEqual({ used: 0, rows: 0 });
  });

  it('R10: a group of more than five members, or a card twice, is refused', async () => {
    const eventId = await event(sut());
    const staffCardCode = await card(sut(), { kind: 'COMMUNITY' });
    const six = await Promise.all(Array.from({ length: 6 }, async () => ({ cardCode: await card(sut()) })));
    expect(problemCodes(await gql(sut(), as.provider(), REGISTER_GROUP, { input: { idempotencyKey: key(), eventId, staffCardCode, members: six } }))).toContain('GROUP_SIZE');
    const twice = six[0] as { cardCode: string };
    expect(problemCodes(await gql(sut(), as.provider(), REGISTER_GROUP, { input: { idempotencyKey: key(), eventId, staffCardCode, members: [twice, twice] } }))).toEqual(['DUPLICATE_CARD']);
  });
});

describe('Cancellation', () => {
  async function registered(identity: Identity = as.provider(), fixture: Parameters<typeof event>[1] = { cap: 1 }) {
    const eventId = await event(sut(), fixture);
    const res = await register(identity, { eventId, cardCode: await card(sut()) });
    return { eventId, usageId: res.data?.registerUsage.usages[0]?.id as string };
  }

  it('R21: cancelling frees the cap place, keeps the use in history and appends USAGE_CANCELLED to the outbox', async () => {
    const { eventId, usageId } = await registered();
    const res = await gql<{ cancelUsage: { usage: { cancelledAt: string | null; cancelReason: string } } }>(sut(), as.provider(), CANCEL, { input: { idempotencyKey: key(), usageId, reason: 'TICKET_RETURNED' } });
    expect(res.errors).toBeUndefined();
    expect(res.data?.cancelUsage.usage).toMatchObject({ cancelledAt: expect.any(String), cancelReason: 'TICKET_RETURNED' });
    expect(await usedOf(sut(), eventId)).toEqual({ used: 0, rows: 0 });
    expect(await sql(sut(), 'select type from usage.outbox where usage_id = ? order by id', [usageId])).toEqual([{ type: 'USAGE_REGISTERED' }, { type: 'USAGE_CANCELLED' }]);
    expect((await register(as.provider(), { eventId, cardCode: await card(sut()) })).errors).toBeUndefined();
  });

  it('another organisation’s use is NOT_FOUND; a second cancellation ALREADY_CANCELLED; the retry of the first replays', async () => {
    const { usageId } = await registered();
    expect(codeOf(await gql(sut(), as.otherProvider(), CANCEL, { input: { idempotencyKey: key(), usageId, reason: 'OTHER' } }))).toBe('NOT_FOUND');
    const input = { idempotencyKey: key(), usageId, reason: 'ENTERED_IN_ERROR' };
    expect((await gql(sut(), as.provider(), CANCEL, { input })).errors).toBeUndefined();
    expect((await gql<{ cancelUsage: { replayed: boolean } }>(sut(), as.provider(), CANCEL, { input })).data?.cancelUsage.replayed).toBe(true);
    expect(codeOf(await gql(sut(), as.provider(), CANCEL, { input: { ...input, idempotencyKey: key() } }))).toBe('ALREADY_CANCELLED');
  });

  it('a use of an event more than 7 days past is CANCELLATION_WINDOW_CLOSED', async () => {
    const { usageId } = await registered(as.provider(), { startsAt: new Date(Date.now() - 6 * 86_400_000) });
    await sql(sut(), 'update usage.usage set event_date = ? where id = ?', [daysFromToday(-8), usageId]);
    expect(codeOf(await gql(sut(), as.provider(), CANCEL, { input: { idempotencyKey: key(), usageId, reason: 'OTHER' } }))).toBe('CANCELLATION_WINDOW_CLOSED');
  });
});

describe('Partner API: check and rate limit', () => {
  it('R29: usageCheck answers usable, kind, last valid day and child tickets, writing nothing; problems otherwise', async () => {
    const eventId = await event(sut(), { cap: 3 });
    const code = await card(sut(), { childTicketLimit: 3, validUntil: daysFromToday(100) });
    const ok = await gql<{ usageCheck: Record<string, unknown> }>(sut(), as.partnerKey(), CHECK, { input: { eventId, cardCode: code } });
    expect(ok.data?.usageCheck).toEqual({ usable: true, cardKind: 'PERSONAL', lastValidDay: daysFromToday(100), childTicketLimit: 3, problems: [] });
    const refused = await gql<{ usageCheck: { usable: boolean; problems: { code: string }[] } }>(sut(), as.partnerKey(), CHECK, { input: { eventId, cardCode: code, childTickets: 4 } });
    expect(refused.data?.usageCheck).toMatchObject({ usable: false, problems: [{ code: 'TOO_MANY_CHILD_TICKETS' }] });
    expect(await usedOf(sut(), eventId)).toEqual({ used: 0, rows: 0 });
  });

  it('a provider’s staff together past 600 writes and checks in a sliding minute are RATE_LIMITED (R29: no trying codes)', async () => {
    const clerk = person('CULTURE_PROVIDER', O.vaasaSwimmingHall);
    await sql(sut(), "insert into usage.write_throttle (caller_id, window_start, current, previous) values (?, date_trunc('minute', now()), 600, 600)", [O.vaasaSwimmingHall]);
    expect(codeOf(await register(clerk, { eventId: await event(sut(), { providerId: O.vaasaSwimmingHall }), cardCode: await card(sut()) }))).toBe('RATE_LIMITED');
    expect(codeOf(await gql(sut(), clerk, CHECK, { input: { eventId: await event(sut(), { providerId: O.vaasaSwimmingHall }), cardCode: await card(sut()) } }))).toBe('RATE_LIMITED');
  });

  it('a partner key past 600 writes in a sliding minute is RATE_LIMITED', async () => {
    const partner = as.partnerKey() as { apiKeyId: string };
    await sql(sut(), "insert into usage.write_throttle (caller_id, window_start, current, previous) values (?, date_trunc('minute', now()), 600, 600)", [partner.apiKeyId]);
    const res = await register(partner as Identity, { eventId: await event(sut()), cardCode: await card(sut()) });
    expect(codeOf(res)).toBe('RATE_LIMITED');
  });
});
