import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { DEMO, todayInFinland, type Identity, type Role, type SubgraphApp } from '@kaikukanta/kit';
import { createTestDatabase, gatewayHeaders, postGraphQL, testConfigEnv, type GraphQLResponse, type TestDatabase } from '@kaikukanta/kit/testing';
import { createApp } from '../app.js';
import { loadConfig } from '../config.js';
import { addDays } from '../modules/card/validity.js';

/**
 * What the cards integration tests share: the very app `index.ts` starts, on
 * its own database with the demo network seeded, and identities signed as the
 * gateway would sign them.
 */

export interface CardsTestApp {
  db: TestDatabase;
  app: SubgraphApp;
  close(): Promise<void>;
}

export async function startCards(adminUrl: string): Promise<CardsTestApp> {
  const db = await createTestDatabase(adminUrl);
  const app = await createApp(loadConfig({ ...testConfigEnv(db.url), CARDS_PORT: '0', SEED_DEMO_DATA: 'true' }));
  return { db, app, close: async () => (await app.close(), await db.drop()) };
}

/** A second instance of the subgraph on an existing database (a replica). */
export async function startReplica(databaseUrl: string): Promise<SubgraphApp> {
  return createApp(loadConfig({ ...testConfigEnv(databaseUrl), CARDS_PORT: '0' }));
}

const O = DEMO.organizations;
const R = DEMO.regions;

/** A signed-in person acting in one membership; ids are fresh uuids, as the organizations subgraph issues them. */
export function person(role: Role, scope: { organizationId?: string; regionId?: string } = {}): Identity & { kind: 'user' } {
  return { kind: 'user', userId: randomUUID(), sessionId: randomUUID(), membership: { id: randomUUID(), role, ...scope } };
}

/** The demo network's people, by what they do (regions as the organizations subgraph derives them). */
export const as = {
  tampereDistributor: () => person('DISTRIBUTOR', { organizationId: O.tampereSocial, regionId: R.pirkanmaa }),
  helsinkiDistributor: () => person('DISTRIBUTOR', { organizationId: O.helsinkiSocial, regionId: R.uusimaa }),
  espooDistributor: () => person('DISTRIBUTOR', { organizationId: O.espooThirdSector, regionId: R.uusimaa }),
  vaasaDistributor: () => person('DISTRIBUTOR', { organizationId: O.vaasaHealth, regionId: R.ostrobothnia }),
  pirkanmaaAdmin: () => person('REGION_ADMIN', { regionId: R.pirkanmaa }),
  uusimaaAdmin: () => person('REGION_ADMIN', { regionId: R.uusimaa }),
  nationalAdmin: () => person('NATIONAL_ADMIN'),
  provider: () => person('CULTURE_PROVIDER', { organizationId: O.tampereTheatre, regionId: R.pirkanmaa }),
  otherProvider: () => person('CULTURE_PROVIDER', { organizationId: O.ateneum, regionId: R.uusimaa }),
  ticketAgent: () => person('TICKET_AGENT', { organizationId: O.lippupiste, regionId: R.uusimaa }),
  cultureOfficer: () => person('CULTURE_OFFICER', { organizationId: O.tampereOpisto, regionId: R.pirkanmaa }),
  analyst: () => person('ANALYST'),
  noMembership: (): Identity => ({ kind: 'user', userId: randomUUID(), sessionId: randomUUID() }),
  partnerKey: (scopes: string[] = ['CARD_STATUS_READ', 'USAGE_WRITE']): Identity => ({
    kind: 'apiKey',
    apiKeyId: randomUUID(),
    organizationId: O.lippupiste,
    regionId: R.uusimaa,
    scopes,
  }),
  anonymous: (): Identity => ({ kind: 'anonymous' }),
};

export type Locale = 'fi' | 'sv' | 'en';

export type Result<T> = GraphQLResponse<T> & { errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string; details?: Record<string, unknown> } }[] };

/** One operation against the subgraph as the gateway would forward it for `identity`. */
export async function gql<T = Record<string, unknown>>(
  app: SubgraphApp,
  identity: Identity,
  query: string,
  variables: Record<string, unknown> = {},
  locale: Locale = 'en',
): Promise<Result<T>> {
  return postGraphQL<T>(app.server.url, query, variables, { ...(await gatewayHeaders(identity, 'cards')), 'accept-language': locale });
}

/** The first error's code, or undefined. */
export const codeOf = (res: Result<unknown>) => res.errors?.[0]?.extensions?.code;

/** Runs SQL on the subgraph's database (test set-up and inspection only). */
export function sql<T = Record<string, unknown>>(app: SubgraphApp, query: string, params: unknown[] = []): Promise<T[]> {
  return app.orm.em.getConnection().execute(query, params);
}

/** Row counts of what a card registration or change writes. */
export async function rowCounts(app: SubgraphApp): Promise<Record<'card' | 'background' | 'card_history' | 'outbox', number>> {
  const [row] = await sql<Record<string, string>>(
    app,
    `select (select count(*) from cards.card) as card, (select count(*) from cards.background) as background,
            (select count(*) from cards.card_history) as card_history, (select count(*) from cards.outbox) as outbox`,
  );
  return { card: Number(row?.card), background: Number(row?.background), card_history: Number(row?.card_history), outbox: Number(row?.outbox) };
}

export const today = () => todayInFinland();
export const daysFromToday = (days: number) => addDays(todayInFinland(), days);
export const thisYear = () => Number(todayInFinland().slice(0, 4));

let serial = 0;
/** A fresh card code with a recognisable prefix, unique within a test run. */
export function freshCode(prefix = 'T'): string {
  serial += 1;
  return `${prefix}${String(process.pid % 1000).padStart(3, '0')}${String(serial).padStart(5, '0')}`;
}

export const CARD_FIELDS = `id code kind state grantedOn trialEndsOn validUntil closedOn outOfUseReason usableToday reasonToday childTicketLimit
  distributor { id } registeredAt`;

export const REGISTER = `mutation ($input: RegisterCardInput!) { registerCard(input: $input) { ${CARD_FIELDS}
  background { birthYear postalCode minorChildren motherTongue gender lifeSituations }
  history { kind effectiveOn validUntil outOfUseReason actorUserId actorOrganization { id } at } } }`;

export interface CardData {
  id: string;
  code: string;
  kind: 'PERSONAL' | 'COMMUNITY';
  state: 'ACTIVE' | 'ENDED' | 'OUT_OF_USE';
  grantedOn: string;
  trialEndsOn: string | null;
  validUntil: string;
  closedOn: string | null;
  outOfUseReason: string | null;
  usableToday: boolean;
  reasonToday: string | null;
  childTicketLimit: number;
  distributor: { id: string };
  registeredAt: string;
  background?: { birthYear: number; postalCode: string; minorChildren: number; motherTongue: string; gender: string; lifeSituations: string[] } | null;
  history?: { kind: string; effectiveOn: string; validUntil: string; outOfUseReason: string | null; actorUserId: string | null; actorOrganization: { id: string } | null; at: string }[];
}

export const personalBackground = (overrides: Record<string, unknown> = {}) => ({
  birthYear: 1980,
  postalCode: '33100',
  minorChildren: 2,
  motherTongue: 'FINNISH',
  gender: 'WOMAN',
  lifeSituations: ['UNEMPLOYED', 'SINGLE_PARENT'],
  ...overrides,
});

/** Registers a card and returns it, failing loudly on any error. */
export async function register(app: SubgraphApp, identity: Identity, input: Record<string, unknown>): Promise<CardData> {
  const res = await gql<{ registerCard: CardData }>(app, identity, REGISTER, {
    input: { kind: 'PERSONAL', ...(input.kind === 'COMMUNITY' ? {} : { background: personalBackground() }), ...input },
  });
  if (res.errors || !res.data) throw new Error(`registerCard failed: ${JSON.stringify(res.errors)}`);
  return res.data.registerCard;
}

export const STATUS = 'query ($code: String!, $on: Date) { cardStatus(code: $code, on: $on) { code on usable reason kind lastValidDay childTicketLimit } }';

export interface StatusData {
  code: string;
  on: string;
  usable: boolean;
  reason: string | null;
  kind: string | null;
  lastValidDay: string | null;
  childTicketLimit: number | null;
}
