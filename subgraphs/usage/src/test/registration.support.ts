import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { addDays, DEMO, todayInFinland, type Identity, type Role, type SubgraphApp } from '@kaikukanta/kit';
import { createTestDatabase, gatewayHeaders, postGraphQL, testConfigEnv, type GraphQLResponse, type TestDatabase } from '@kaikukanta/kit/testing';
// The registration tests need what production has beside usage in the same database: the cards subgraph's
// `card_status` view (R13) and organizations' scope views (R18). They start the real subgraphs for that — the one
// place a subgraph's code may start another's; production code crosses only through the published views.
/* eslint-disable no-restricted-imports */
import { createApp as createCardsApp } from '../../../cards/src/app.js';
import { loadConfig as loadCardsConfig } from '../../../cards/src/config.js';
import { createApp as createOrganizationsApp } from '../../../organizations/src/app.js';
import { loadConfig as loadOrganizationsConfig } from '../../../organizations/src/config.js';
/* eslint-enable no-restricted-imports */
import { createApp } from '../app.js';
import { loadConfig } from '../config.js';

const O = DEMO.organizations;

export interface UsageTestSystem {
  db: TestDatabase;
  sut: SubgraphApp;
  close(): Promise<void>;
}

/** Organizations (scope views, demo links), cards (card_status) and usage on one fresh database, as in production. */
export async function startUsageSystem(adminUrl: string): Promise<UsageTestSystem> {
  const db = await createTestDatabase(adminUrl, 'kk_test_usage');
  const organizations = await createOrganizationsApp(loadOrganizationsConfig({ ...testConfigEnv(db.url), ORGANIZATIONS_PORT: '0', SEED_DEMO_DATA: 'true' }));
  const cards = await createCardsApp(loadCardsConfig({ ...testConfigEnv(db.url), CARDS_PORT: '0' }));
  const sut = await createApp(loadConfig({ ...testConfigEnv(db.url), USAGE_PORT: '0', LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent' }));
  return {
    db,
    sut,
    close: async () => {
      await sut.close();
      await cards.close();
      await organizations.close();
      await db.drop();
    },
  };
}

export function person(role: Role, organizationId: string): Identity & { kind: 'user' } {
  return { kind: 'user', userId: randomUUID(), sessionId: randomUUID(), membership: { id: randomUUID(), role, organizationId } };
}

/** A culture officer as organizations grants one: a region and a municipality of it, no organisation (decision 0022). */
export function officer(regionId: string, municipalityCode: string): Identity & { kind: 'user' } {
  return { kind: 'user', userId: randomUUID(), sessionId: randomUUID(), membership: { id: randomUUID(), role: 'CULTURE_OFFICER', regionId, municipalityCode } };
}

/** Who registers: Tampere's theatre at its door, Lippupalvelu for its clients (TTT, Kansallisteatteri, Vapriikki), Tampere's culture officer. */
export const as = {
  provider: () => person('CULTURE_PROVIDER', O.tampereTheatre),
  otherProvider: () => person('CULTURE_PROVIDER', O.ateneum),
  ticketAgent: () => person('TICKET_AGENT', O.lippupiste),
  cultureOfficer: () => officer(DEMO.regions.pirkanmaa, '837'),
  distributor: () => person('DISTRIBUTOR', O.tampereSocial),
  partnerKey: (scopes: string[] = ['CARD_STATUS_READ', 'USAGE_WRITE']): Identity => ({ kind: 'apiKey', apiKeyId: randomUUID(), organizationId: O.lippupiste, scopes }),
  anonymous: (): Identity => ({ kind: 'anonymous' }),
};

export type Result<T> = GraphQLResponse<T> & { errors?: { message: string; extensions?: { code?: string; details?: { field?: string; problems?: { code: string; field: string; member?: number; message: string }[] } } }[] };

export async function gql<T = Record<string, unknown>>(app: SubgraphApp, identity: Identity, query: string, variables: Record<string, unknown> = {}, locale = 'en'): Promise<Result<T>> {
  return postGraphQL<T>(app.server.url, query, variables, { ...(await gatewayHeaders(identity, 'usage')), 'accept-language': locale });
}

export const codeOf = (res: Result<unknown>) => res.errors?.[0]?.extensions?.code;
export const problemCodes = (res: Result<unknown>) => res.errors?.[0]?.extensions?.details?.problems?.map((p) => p.code) ?? [];

export function sql<T = Record<string, unknown>>(app: SubgraphApp, query: string, params: unknown[] = []): Promise<T[]> {
  return app.orm.em.getConnection().execute(query, params);
}

export const today = () => todayInFinland();
export const daysFromToday = (days: number) => addDays(todayInFinland(), days);

let serial = 0;
/** A fresh card code, unique within the run. */
export function freshCode(prefix = 'U'): string {
  serial += 1;
  return `${prefix}${String(process.pid % 10_000).padStart(4, '0')}${String(serial).padStart(5, '0')}`;
}

export interface CardFixture {
  kind?: 'PERSONAL' | 'COMMUNITY';
  grantedOn?: string;
  validUntil?: string;
  state?: 'ACTIVE' | 'ENDED' | 'OUT_OF_USE';
  closedOn?: string | null;
  childTicketLimit?: number;
}

/** A registered card written straight into cards' table (a fixture: the view under test reads it). */
export async function card(app: SubgraphApp, fixture: CardFixture = {}): Promise<string> {
  const code = freshCode();
  const state = fixture.state ?? 'ACTIVE';
  await sql(
    app,
    `insert into cards.card (id, code, kind, distributor_id, region_id, granted_on, valid_until, state, closed_on, out_of_use_reason, child_ticket_limit, created_at, updated_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now(), now())`,
    [
      randomUUID(),
      code,
      fixture.kind ?? 'PERSONAL',
      O.tampereSocial,
      DEMO.regions.pirkanmaa,
      fixture.grantedOn ?? daysFromToday(-30),
      fixture.validUntil ?? daysFromToday(330),
      state,
      fixture.closedOn ?? (state === 'ACTIVE' ? null : today()),
      state === 'OUT_OF_USE' ? 'LOST' : null,
      fixture.childTicketLimit ?? (fixture.kind === 'COMMUNITY' ? 5 : 2),
    ],
  );
  return code;
}

export interface EventFixture {
  providerId?: string;
  kind?: 'PERFORMANCE' | 'COURSE' | 'DAY_TICKET';
  cap?: number | null;
  startsAt?: Date;
  extra?: Record<string, unknown>;
}

let eventColumns: Set<string> | undefined;

/** An event written straight into usage's table; columns the events module adds (capacity…) get workable values. */
export async function event(app: SubgraphApp, fixture: EventFixture = {}): Promise<string> {
  eventColumns ??= new Set((await sql<{ column_name: string }>(app, `select column_name from information_schema.columns where table_schema = 'usage' and table_name = 'event'`)).map((c) => c.column_name));
  const id = randomUUID();
  const cap = fixture.cap === undefined ? null : fixture.cap;
  const row: Record<string, unknown> = {
    id,
    provider_id: fixture.providerId ?? O.tampereTheatre,
    name: 'Testinäytös',
    kind: fixture.kind ?? 'PERFORMANCE',
    starts_at: fixture.startsAt ?? new Date(Date.now() + 3 * 86_400_000),
    cap,
    created_at: new Date(),
    ...(eventColumns.has('capacity') ? { capacity: Math.max(cap ?? 0, 1000) } : {}),
    ...(eventColumns.has('updated_at') ? { updated_at: new Date() } : {}),
    ...fixture.extra,
  };
  const columns = Object.keys(row);
  await sql(app, `insert into usage.event (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})`, Object.values(row));
  return id;
}

export const key = () => `test-${randomUUID()}`;

export const USAGE_FIELDS = 'id eventName eventDate eventKind cardCode cardKind adultTickets childTickets groupId capturedAt cancelledAt cancelReason event { id } registeringOrganization { id } provider { id }';
export const REGISTER = `mutation ($input: RegisterUsageInput!) { registerUsage(input: $input) { replayed groupId usages { ${USAGE_FIELDS} } } }`;
export const REGISTER_GROUP = `mutation ($input: RegisterGroupVisitInput!) { registerGroupVisit(input: $input) { replayed groupId usages { ${USAGE_FIELDS} } } }`;
export const CANCEL = `mutation ($input: CancelUsageInput!) { cancelUsage(input: $input) { replayed usage { ${USAGE_FIELDS} } } }`;
export const CHECK = 'query ($input: CheckUsageInput!) { usageCheck(input: $input) { usable cardKind lastValidDay childTicketLimit problems { code field message } } }';

export interface UsageData {
  id: string;
  eventName: string;
  eventDate: string;
  cardCode: string;
  cardKind: string;
  adultTickets: number;
  childTickets: number;
  groupId: string | null;
  cancelledAt: string | null;
  event: { id: string } | null;
}
export type Registration = { registerUsage: { replayed: boolean; groupId: string | null; usages: UsageData[] } };
export type GroupRegistration = { registerGroupVisit: { replayed: boolean; groupId: string | null; usages: UsageData[] } };

export async function usedOf(app: SubgraphApp, eventId: string): Promise<{ used: number; rows: number }> {
  const [row] = await sql<{ used: number; rows: string }>(
    app,
    `select e.used, (select count(*) from usage.usage u where u.event_id = e.id and u.cancelled_at is null) as rows from usage.event e where e.id = ?`,
    [eventId],
  );
  return { used: Number(row?.used), rows: Number(row?.rows) };
}

/** `count` active cards in one statement (for the load tests). */
export async function manyCards(app: SubgraphApp, count: number, kind: 'PERSONAL' | 'COMMUNITY' = 'PERSONAL'): Promise<string[]> {
  const codes = Array.from({ length: count }, () => freshCode(kind === 'COMMUNITY' ? 'C' : 'P'));
  await sql(
    app,
    `insert into cards.card (id, code, kind, distributor_id, region_id, granted_on, valid_until, state, child_ticket_limit, created_at, updated_at)
     select gen_random_uuid(), code, ?, ?, ?, ?, ?, 'ACTIVE', ?, now(), now() from unnest(string_to_array(?, ',')) as code`,
    [kind, O.tampereSocial, DEMO.regions.pirkanmaa, daysFromToday(-30), daysFromToday(330), kind === 'COMMUNITY' ? 5 : 2, codes.join(',')],
  );
  return codes;
}
