import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { DEMO, type Identity, type Role, type SubgraphApp } from '@kaikukanta/kit';
import { PROVIDER_SCOPE_VIEW, type ProviderScopeRow } from '@kaikukanta/kit/contracts';
import { createOrganizationsViewsFixture, createTestDatabase, gatewayHeaders, postGraphQL, testConfigEnv, type GraphQLResponse, type OrganizationsViewsFixture, type TestDatabase } from '@kaikukanta/kit/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApp } from '../app.js';
import { loadConfig } from '../config.js';
import { capMinimum } from '../modules/event/cap-rules.js';

/**
 * Keeping events (R18–R22) against the usage subgraph over HTTP. Organizations' published views are stood in
 * for by tables with the contract's columns (kit/contracts/organizations.ts), holding the demo network's rows.
 */

const O = DEMO.organizations;
const R = DEMO.regions;
/** A culture provider of Nokia (536), in Pirkanmaa like Tampere: not in the demo network, added here for decision 0022. */
const NOKIA_PROVIDER = '0a6c1a5e-0000-4000-8000-0000000e0536';
let db: TestDatabase;
let views: OrganizationsViewsFixture;
let sut: SubgraphApp;

/** The demo network as organizations publishes it (its demo seed): kinds, venue type, municipality, region. */
const provider = (organization_id: string, venue_type: string | null, municipality_code: string, region_id: string, kinds: ProviderScopeRow['kinds'] = ['CULTURE_PROVIDER']): ProviderScopeRow => ({
  organization_id,
  kinds,
  venue_type,
  municipality_code,
  region_id,
  active: true,
});

beforeAll(async () => {
  db = await createTestDatabase(inject('pgAdminUrl'), 'kk_test_events');
  views = await createOrganizationsViewsFixture(db.url);
  await views.providers([
    provider(O.kansallisteatteri, 'THEATRE', '091', R.uusimaa),
    provider(O.ateneum, 'MUSEUM', '091', R.uusimaa),
    provider(O.tampereTheatre, 'THEATRE', '837', R.pirkanmaa),
    provider(O.tampereOpisto, 'ADULT_EDUCATION_CENTRE', '837', R.pirkanmaa),
    provider(O.tampereSciencecentre, 'MUSEUM', '837', R.pirkanmaa),
    provider(NOKIA_PROVIDER, 'LIBRARY', '536', R.pirkanmaa),
    provider(O.vaasaSwimmingHall, 'SPORT', '905', R.ostrobothnia),
    provider(O.vaasaTicketAndTheatre, 'THEATRE', '905', R.ostrobothnia, ['CULTURE_PROVIDER', 'TICKET_AGENT']),
    provider(O.lippupiste, null, '091', R.uusimaa, ['TICKET_AGENT']),
    provider(O.tampereSocial, null, '837', R.pirkanmaa, ['DISTRIBUTOR']),
  ]);
  await views.clients([
    { agent_id: O.lippupiste, provider_id: O.tampereTheatre },
    { agent_id: O.lippupiste, provider_id: O.kansallisteatteri },
    { agent_id: O.lippupiste, provider_id: O.tampereSciencecentre },
  ]);
  sut = await createApp(loadConfig({ ...testConfigEnv(db.url), USAGE_PORT: '0', SEED_DEMO_DATA: 'true' }));
});

afterAll(async () => {
  await sut?.close();
  await db?.drop();
});

const person = (role: Role, scope: { organizationId?: string; regionId?: string; municipalityCode?: string }): Identity => ({
  kind: 'user',
  userId: randomUUID(),
  sessionId: randomUUID(),
  membership: { id: randomUUID(), role, ...scope },
});
const as = {
  ttt: () => person('CULTURE_PROVIDER', { organizationId: O.tampereTheatre, regionId: DEMO.regions.pirkanmaa }),
  ateneum: () => person('CULTURE_PROVIDER', { organizationId: O.ateneum, regionId: DEMO.regions.uusimaa }),
  swimmingHall: () => person('CULTURE_PROVIDER', { organizationId: O.vaasaSwimmingHall, regionId: DEMO.regions.ostrobothnia }),
  lippupalvelu: () => person('TICKET_AGENT', { organizationId: O.lippupiste, regionId: DEMO.regions.uusimaa }),
  tampereOfficer: () => person('CULTURE_OFFICER', { regionId: DEMO.regions.pirkanmaa, municipalityCode: '837' }),
  distributor: () => person('DISTRIBUTOR', { organizationId: O.tampereSocial, regionId: DEMO.regions.pirkanmaa }),
  regionAdmin: () => person('REGION_ADMIN', { regionId: DEMO.regions.pirkanmaa }),
  partnerKey: (): Identity => ({ kind: 'apiKey', apiKeyId: randomUUID(), organizationId: O.lippupiste, scopes: ['CARD_STATUS_READ', 'USAGE_WRITE'] }),
  tttSystem: (scopes = ['EVENTS_WRITE']): Identity => ({ kind: 'apiKey', apiKeyId: randomUUID(), organizationId: O.tampereTheatre, scopes }),
  anonymous: (): Identity => ({ kind: 'anonymous' }),
};

type Errors = { message: string; extensions?: { code?: string; details?: Record<string, unknown> } }[];
type Result<T> = GraphQLResponse<T> & { errors?: Errors };

async function gql<T>(identity: Identity, query: string, variables: Record<string, unknown> = {}, locale = 'en'): Promise<Result<T>> {
  return postGraphQL<T>(sut.server.url, query, variables, { ...(await gatewayHeaders(identity, 'usage')), 'accept-language': locale });
}
const codeOf = (res: Result<unknown>) => res.errors?.[0]?.extensions?.code;
const sql = <T = Record<string, unknown>>(query: string, params: unknown[] = []): Promise<T[]> => sut.orm.em.getConnection().execute(query, params);

const FIELDS =
  'id name kind startsAt startsAtLocal capacity cap guestProducer reservationOpensDaysBefore reservationOpensAt redemptionOpensMinutesBefore redemptionOpensAt availableWithCard exclusion { reason note text { fi sv en } } provider { id }';
interface EventData {
  id: string;
  name: string;
  kind: string;
  startsAt: string;
  startsAtLocal: string;
  capacity: number;
  cap: number | null;
  guestProducer: boolean;
  reservationOpensAt: string | null;
  redemptionOpensAt: string | null;
  availableWithCard: boolean;
  exclusion: { reason: string; note: string | null; text: { fi: string; sv: string; en: string } } | null;
}
const CREATE = `mutation ($input: CreateEventInput!) { createEvent(input: $input) { ${FIELDS} } }`;
const UPDATE = `mutation ($id: ID!, $input: UpdateEventInput!) { updateEvent(id: $id, input: $input) { ${FIELDS} } }`;
const EXCLUDE = `mutation ($id: ID!, $input: ExcludeEventInput!) { excludeEvent(id: $id, input: $input) { ${FIELDS} } }`;
const INCLUDE = `mutation ($id: ID!) { includeEvent(id: $id) { ${FIELDS} } }`;

const base = (over: Record<string, unknown> = {}) => ({ providerId: O.tampereTheatre, name: 'Testiesitys', kind: 'PERFORMANCE', startsAt: '2027-02-10T19:00', capacity: 200, ...over });
const create = (identity: Identity, over: Record<string, unknown> = {}, locale = 'en') => gql<{ createEvent: EventData }>(identity, CREATE, { input: base(over) }, locale);
async function created(over: Record<string, unknown> = {}, identity = as.ttt()): Promise<EventData> {
  const res = await create(identity, over);
  expect(res.errors).toBeUndefined();
  return res.data!.createEvent;
}

describe('R19–R22: a provider keeps its events', () => {
  it('R20, R22: createEvent stores name, Finnish start, kind, capacity, cap, guest producer and time limits', async () => {
    const event = await created({ cap: 10, reservationOpensDaysBefore: 30, redemptionOpensMinutesBefore: 30 });
    expect(event).toMatchObject({
      name: 'Testiesitys',
      kind: 'PERFORMANCE',
      startsAt: '2027-02-10T17:00:00.000Z',
      startsAtLocal: '2027-02-10T19:00+02:00',
      capacity: 200,
      cap: 10,
      guestProducer: false,
      reservationOpensAt: '2027-01-10T22:00:00.000Z',
      redemptionOpensAt: '2027-02-10T16:30:00.000Z',
      availableWithCard: true,
      exclusion: null,
    });
    const read = await gql<{ event: EventData }>(as.anonymous(), `query ($id: ID!) { event(id: $id) { ${FIELDS} } }`, { id: event.id });
    expect(read.data?.event).toEqual(event);
  });

  it('DST: a start in the spring-forward gap is refused; the second 03:30 of the October night is chosen with +02:00', async () => {
    const gap = await create(as.ttt(), { startsAt: '2026-03-29T03:30', cap: null }, 'fi');
    expect(gap.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', details: { field: 'startsAt', reason: 'TIME_DOES_NOT_EXIST' } }, message: expect.stringContaining('kesäaikaan') });
    const first = await created({ startsAt: '2026-10-25T03:30' });
    const second = await created({ startsAt: '2026-10-25T03:30+02:00' });
    expect([first.startsAt, first.startsAtLocal]).toEqual(['2026-10-25T00:30:00.000Z', '2026-10-25T03:30+03:00']);
    expect([second.startsAt, second.startsAtLocal]).toEqual(['2026-10-25T01:30:00.000Z', '2026-10-25T03:30+02:00']);
  });

  it('R20: the cap is optional and a provider sees the minimum its event allows before saving', async () => {
    expect((await created({ cap: null })).cap).toBeNull();
    const min = await gql<{ eventCapMinimum: { rule: string; minimum: number; text: { fi: string } } }>(
      as.swimmingHall(),
      'query ($p: ID!) { eventCapMinimum(providerId: $p, kind: DAY_TICKET, capacity: 300) { rule minimum text { fi } } }',
      { p: O.vaasaSwimmingHall },
    );
    expect(min.data?.eventCapMinimum).toMatchObject({ rule: 'SWIMMING_HALL', minimum: 20 });
  });

  it('R18: events are listed by provider and period (Finnish days, both included), paged with limit and offset', async () => {
    const provider = O.tampereSciencecentre;
    for (const day of ['2027-03-01', '2027-03-02', '2027-03-03', '2027-03-04']) {
      await created({ providerId: provider, kind: 'DAY_TICKET', startsAt: `${day}T00:15`, capacity: 600, cap: 30 }, as.lippupalvelu());
    }
    const page = (limit: number, offset: number) =>
      gql<{ providerEvents: { startsAtLocal: string }[] }>(as.anonymous(), 'query ($p: ID!, $l: Int, $o: Int) { providerEvents(providerId: $p, from: "2027-03-02", to: "2027-03-04", limit: $l, offset: $o) { startsAtLocal } }', {
        p: provider,
        l: limit,
        o: offset,
      });
    expect((await page(2, 0)).data?.providerEvents.map((e) => e.startsAtLocal)).toEqual(['2027-03-02T00:15+02:00', '2027-03-03T00:15+02:00']);
    expect((await page(2, 2)).data?.providerEvents.map((e) => e.startsAtLocal)).toEqual(['2027-03-04T00:15+02:00']);
    const backwards = await gql(as.anonymous(), `{ providerEvents(providerId: "${provider}", from: "2027-03-04", to: "2027-03-01") { id } }`);
    expect(codeOf(backwards)).toBe('BAD_USER_INPUT');
  });
});

describe('R20: caps below the rule of the event are refused with CAP_BELOW_MINIMUM, naming the rule and the minimum', () => {
  it.each<[string, () => Identity, Record<string, unknown>, string, number]>([
    ['general: 5 % of 200 tickets', as.ttt, { capacity: 200, cap: 9 }, 'GENERAL', 10],
    ['small (≤ 50 seats): 2', as.ttt, { capacity: 40, cap: 1 }, 'SMALL', 2],
    ['course: 2 places', as.ttt, { kind: 'COURSE', capacity: 300, cap: 1 }, 'COURSE', 2],
    ['mass event (> 1,000): 20', as.ttt, { capacity: 2000, cap: 19 }, 'MASS_EVENT', 20],
    ['guest producer: 2–10', as.ttt, { guestProducer: true, capacity: 500, cap: 9 }, 'GUEST_PRODUCER', 10],
    ['swimming hall (venue type from organizations): 20 a day', as.swimmingHall, { providerId: O.vaasaSwimmingHall, kind: 'DAY_TICKET', capacity: 300, cap: 19 }, 'SWIMMING_HALL', 20],
  ])('R20: %s', async (_name, identity, over, rule, minimum) => {
    const res = await create(identity(), over);
    expect(res.errors?.[0]?.extensions).toEqual({ code: 'CAP_BELOW_MINIMUM', details: { field: 'cap', rule, minimum } });
    expect(res.errors?.[0]?.message).toContain(`at least ${minimum}`);
    const fromMinimum = await create(identity(), { ...over, cap: minimum });
    expect(fromMinimum.errors).toBeUndefined();
  });

  it('R20: the refusal is in the caller’s language (fi, sv, en)', async () => {
    const messages = await Promise.all(['fi', 'sv', 'en'].map(async (locale) => (await create(as.ttt(), { capacity: 200, cap: 3 }, locale)).errors?.[0]?.message));
    expect(messages).toEqual([expect.stringContaining('vähintään 10'), expect.stringContaining('minst 10'), expect.stringContaining('at least 10')]);
    expect(messages[0]).toContain('5 %');
  });

  it('R20: performances for at most 10 people may set 0 or 1 (trial rule)', async () => {
    expect((await created({ capacity: 10, cap: 0 })).cap).toBe(0);
  });

  it('R20: a cap above the tickets there are is CAP_ABOVE_CAPACITY', async () => {
    expect(codeOf(await create(as.ttt(), { capacity: 100, cap: 101 }))).toBe('CAP_ABOVE_CAPACITY');
  });
});

describe('R20, R21: editing a cap', () => {
  it('R21: a cap is not lowered below the card holders already registered (CAP_BELOW_REGISTERED); capacity neither', async () => {
    const event = await created({ capacity: 100, cap: 30 });
    await sql('update usage.event set used = 12 where id = ?', [event.id]);
    const below = await gql(as.ttt(), UPDATE, { id: event.id, input: { cap: 11 } });
    expect(below.errors?.[0]?.extensions).toEqual({ code: 'CAP_BELOW_REGISTERED', details: { field: 'cap', registered: 12 } });
    expect(codeOf(await gql(as.ttt(), UPDATE, { id: event.id, input: { capacity: 11, cap: 11 } }))).toBe('CAPACITY_BELOW_REGISTERED');
    const atUsed = await gql<{ updateEvent: EventData }>(as.ttt(), UPDATE, { id: event.id, input: { cap: 12 } });
    expect(atUsed.data?.updateEvent.cap).toBe(12);
  });

  it('R20: an edit is judged on the result: more tickets raise the minimum for the cap already set', async () => {
    const event = await created({ capacity: 100, cap: 5 });
    const res = await gql(as.ttt(), UPDATE, { id: event.id, input: { capacity: 400 } });
    expect(res.errors?.[0]?.extensions).toEqual({ code: 'CAP_BELOW_MINIMUM', details: { field: 'cap', rule: 'GENERAL', minimum: 20 } });
    const cleared = await gql<{ updateEvent: EventData }>(as.ttt(), UPDATE, { id: event.id, input: { capacity: 400, clearCap: true, name: '  Uusi   nimi ' } });
    expect(cleared.data?.updateEvent).toMatchObject({ capacity: 400, cap: null, name: 'Uusi nimi' });
  });

  it('R22: time limits are set, checked and cleared', async () => {
    const event = await created({ cap: 10 });
    expect(codeOf(await gql(as.ttt(), UPDATE, { id: event.id, input: { redemptionOpensMinutesBefore: 0 } }))).toBe('BAD_USER_INPUT');
    const set = await gql<{ updateEvent: EventData }>(as.ttt(), UPDATE, { id: event.id, input: { redemptionOpensMinutesBefore: 30 } });
    expect(set.data?.updateEvent.redemptionOpensAt).toBe('2027-02-10T16:30:00.000Z');
    const cleared = await gql<{ updateEvent: EventData }>(as.ttt(), UPDATE, { id: event.id, input: { clearTimeLimits: true } });
    expect(cleared.data?.updateEvent.redemptionOpensAt).toBeNull();
  });
});

describe('R19: exclusion from the card, with a reason users see', () => {
  it('R19: excludeEvent hides nothing — the event stays listed, unavailable with its reason in three languages — and includeEvent restores it', async () => {
    const event = await created({ cap: 10 });
    const excluded = await gql<{ excludeEvent: EventData }>(as.ttt(), EXCLUDE, { id: event.id, input: { reason: 'TOURING_PRODUCTION', note: 'Vierailu Ruotsista' } });
    expect(excluded.data?.excludeEvent).toMatchObject({ availableWithCard: false, exclusion: { reason: 'TOURING_PRODUCTION', note: 'Vierailu Ruotsista', text: { fi: expect.stringContaining('Vierailuesitys'), sv: expect.stringContaining('Gästspel'), en: expect.stringContaining('Touring') } } });
    const seen = await gql<{ event: EventData }>(as.anonymous(), `query ($id: ID!) { event(id: $id) { availableWithCard exclusion { reason } } }`, { id: event.id });
    expect(seen.data?.event).toEqual({ availableWithCard: false, exclusion: { reason: 'TOURING_PRODUCTION' } });
    const included = await gql<{ includeEvent: EventData }>(as.ttt(), INCLUDE, { id: event.id });
    expect(included.data?.includeEvent).toMatchObject({ availableWithCard: true, exclusion: null });
  });

  it('R19: only those who keep the provider’s events may exclude them', async () => {
    const event = await created({ cap: 10 });
    expect(codeOf(await gql(as.ateneum(), EXCLUDE, { id: event.id, input: { reason: 'OTHER' } }))).toBe('FORBIDDEN');
  });
});

describe('Access: who keeps whose events (R18)', () => {
  it.each<[string, () => Identity, string, string | undefined]>([
    ['the provider itself', as.ttt, O.tampereTheatre, undefined],
    ['another provider', as.ateneum, O.tampereTheatre, 'FORBIDDEN'],
    ['R18: a ticket agent for its client (Lippupalvelu sells for TTT)', as.lippupalvelu, O.tampereTheatre, undefined],
    ['R18: a ticket agent for a provider that is not its client', as.lippupalvelu, O.tampereOpisto, 'FORBIDDEN'],
    ['a culture officer for a provider of their municipality (decision 0022)', as.tampereOfficer, O.tampereOpisto, undefined],
    ['a culture officer for a provider of another municipality of their region (decision 0022)', as.tampereOfficer, NOKIA_PROVIDER, 'FORBIDDEN'],
    ['a culture officer for a provider elsewhere', as.tampereOfficer, O.vaasaSwimmingHall, 'FORBIDDEN'],
    ['a culture officer whose identity names no municipality', () => person('CULTURE_OFFICER', { regionId: DEMO.regions.pirkanmaa }), O.tampereOpisto, 'FORBIDDEN'],
    ['a card distributor', as.distributor, O.tampereTheatre, 'FORBIDDEN'],
    ['a responsible person', as.regionAdmin, O.tampereTheatre, 'FORBIDDEN'],
    ['a ticket agent’s partner system (no EVENTS_WRITE)', as.partnerKey, O.tampereTheatre, 'FORBIDDEN'],
    ['the provider’s own partner system with EVENTS_WRITE', () => as.tttSystem(), O.tampereTheatre, undefined],
    ['the provider’s partner system without EVENTS_WRITE', () => as.tttSystem(['USAGE_WRITE']), O.tampereTheatre, 'FORBIDDEN'],
    ['a provider’s partner system, for another provider', () => as.tttSystem(), O.tampereOpisto, 'FORBIDDEN'],
    ['an anonymous caller', as.anonymous, O.tampereTheatre, 'UNAUTHENTICATED'],
    ['anyone, for an organisation that is not a culture provider', as.lippupalvelu, O.tampereSocial, 'NOT_FOUND'],
    ['anyone, for a malformed provider id', as.ttt, 'not-a-uuid', 'NOT_FOUND'],
  ])('%s', async (_name, identity, providerId, code) => {
    const res = await create(identity(), { providerId, kind: 'COURSE', capacity: 20, cap: 2 });
    expect(codeOf(res)).toBe(code);
  });

  it('R18: an agent’s edit of a client’s event is refused the moment the client link is removed (read in the same transaction)', async () => {
    const event = await created({ cap: 10 }, as.lippupalvelu());
    expect((await gql(as.lippupalvelu(), UPDATE, { id: event.id, input: { cap: 11 } })).errors).toBeUndefined();
    const link = { agent_id: O.lippupiste, provider_id: O.tampereTheatre };
    await views.unlink(link);
    try {
      expect(codeOf(await gql(as.lippupalvelu(), UPDATE, { id: event.id, input: { cap: 12 } }))).toBe('FORBIDDEN');
    } finally {
      await views.clients([link]);
    }
  });

  it('an unknown event is NOT_FOUND for updates', async () => {
    expect(codeOf(await gql(as.ttt(), UPDATE, { id: randomUUID(), input: { name: 'x' } }))).toBe('NOT_FOUND');
  });
});

describe('Demo data', () => {
  it('R20: every demo event’s cap satisfies the rule of its event, and every kind is there', async () => {
    const rows = await sql<{ kind: 'PERFORMANCE' | 'COURSE' | 'DAY_TICKET'; capacity: number; cap: number | null; guest_producer: boolean; venue_type: string | null }>(
      `select e.kind, e.capacity, e.cap, e.guest_producer, s.venue_type from usage.event e join ${PROVIDER_SCOPE_VIEW.schema}.${PROVIDER_SCOPE_VIEW.view} s on s.organization_id = e.provider_id where e.id::text like '0a6c1a5e-0000-4000-8002-%'`,
    );
    expect(new Set(rows.map((r) => r.kind))).toEqual(new Set(['PERFORMANCE', 'COURSE', 'DAY_TICKET']));
    for (const row of rows.filter((r) => r.cap !== null)) {
      expect(row.cap).toBeGreaterThanOrEqual(capMinimum({ kind: row.kind, capacity: row.capacity, guestProducer: row.guest_producer, venueType: row.venue_type }).minimum);
    }
  });
});

describe('Listing upcoming events', () => {
  const UPCOMING = 'query ($p: ID, $l: Int) { upcomingEvents(providerId: $p, limit: $l) { id startsAt provider { id } } }';
  type Upcoming = { upcomingEvents: { id: string; startsAt: string; provider: { id: string } }[] };

  it('upcomingEvents without providerId (omitted or null) lists every provider’s upcoming events, soonest first', async () => {
    const ours = await created({ startsAt: '2027-02-11T19:00' });
    const omitted = await gql<Upcoming>(as.anonymous(), 'query { upcomingEvents(limit: 200) { id startsAt provider { id } } }');
    expect(omitted.errors).toBeUndefined();
    const events = omitted.data?.upcomingEvents ?? [];
    expect(new Set(events.map((e) => e.provider.id)).size).toBeGreaterThan(1);
    expect(events.map((e) => e.id)).toContain(ours.id);
    const starts = events.map((e) => Date.parse(e.startsAt));
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(starts.every((t) => t >= Date.now() - 60_000)).toBe(true);
    const explicitNull = await gql<Upcoming>(as.anonymous(), UPCOMING, { p: null, l: 200 });
    expect(explicitNull.data?.upcomingEvents.map((e) => e.id)).toEqual(events.map((e) => e.id));
    const oneProvider = await gql<Upcoming>(as.anonymous(), UPCOMING, { p: O.tampereTheatre, l: 200 });
    expect(oneProvider.data?.upcomingEvents.length).toBeGreaterThan(0);
    expect(oneProvider.data?.upcomingEvents.every((e) => e.provider.id === O.tampereTheatre)).toBe(true);
  });
});
