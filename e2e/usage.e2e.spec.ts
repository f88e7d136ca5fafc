import { randomUUID } from 'node:crypto';
import { addDays, DEMO, todayInFinland } from '@kaikukanta/kit';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { gatewayRequest, startE2ESystem, type E2ESystem } from './support.ts';

/**
 * Usage registration through the real gateway (R11–R18, R21): every refusal code a partner system and a clerk
 * act on, for Lippupalvelu's partner key (USAGE_WRITE) and its ticket-agent clerk, who sell for TTT and
 * Kansallisteatteri but not for Ateneum; plus TTT's own box office for its events only.
 */

const O = DEMO.organizations;
let sut: E2ESystem;
let db: pg.Client;
const callers: Record<'partner key' | 'clerk', Record<string, string>> = { 'partner key': { authorization: `Bearer ${DEMO.apiKey}` }, clerk: {} };
let boxOffice: Record<string, string>;
let readOnlyKey: Record<string, string>;

const gql = <T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
  gatewayRequest<T>(sut.graphqlUrl, query, variables, { 'accept-language': 'en', ...headers });

async function login(email: string): Promise<Record<string, string>> {
  const res = await gql('mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { activeMembership { role } } }', { e: email, p: DEMO.password });
  expect(res.errors, email).toBeUndefined();
  return { cookie: (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '' };
}

beforeAll(async () => {
  sut = await startE2ESystem(inject('pgAdminUrl'));
  db = new pg.Client({ connectionString: sut.db.url });
  await db.connect();
  callers.clerk = await login('lipunvalitys@kaikukanta.demo');
  boxOffice = await login('lipputoimisto.ttt@kaikukanta.demo');
  const admin = await login('admin@kaikukanta.demo');
  const created = await gql<{ createApiKey: { secret: string } }>(
    `mutation { createApiKey(organizationId: "${O.lippupiste}", name: "E2E read-only", scopes: [CARD_STATUS_READ]) { secret } }`,
    {},
    admin,
  );
  readOnlyKey = { authorization: `Bearer ${created.data?.createApiKey.secret}` };
});

afterAll(async () => {
  await db?.end();
  await sut?.teardown();
});

const today = () => todayInFinland();
let serial = 0;

/** A card written straight into cards' table (fixture). */
async function card(fixture: { kind?: string; grantedOn?: string; validUntil?: string; state?: string; closedOn?: string | null; children?: number } = {}): Promise<string> {
  serial += 1;
  const code = `E2EU${String(process.pid % 1000).padStart(3, '0')}${String(serial).padStart(4, '0')}`;
  const state = fixture.state ?? 'ACTIVE';
  await db.query(
    `insert into cards.card (id, code, kind, distributor_id, region_id, granted_on, valid_until, state, closed_on, out_of_use_reason, child_ticket_limit, created_at, updated_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, now(), now())`,
    [randomUUID(), code, fixture.kind ?? 'PERSONAL', O.tampereSocial, DEMO.regions.pirkanmaa, fixture.grantedOn ?? addDays(today(), -30), fixture.validUntil ?? addDays(today(), 300), state, fixture.closedOn ?? (state === 'ACTIVE' ? null : today()), state === 'OUT_OF_USE' ? 'LOST' : null, fixture.children ?? 1],
  );
  return code;
}

/** An event written straight into usage's table; columns the events module adds get workable values. */
async function event(fixture: { providerId?: string; kind?: string; cap?: number | null; startsAt?: Date; extra?: Record<string, unknown> } = {}): Promise<string> {
  const { rows } = await db.query<{ column_name: string }>(`select column_name from information_schema.columns where table_schema = 'usage' and table_name = 'event'`);
  const columns = new Set(rows.map((r) => r.column_name));
  const id = randomUUID();
  const row: Record<string, unknown> = {
    id,
    provider_id: fixture.providerId ?? O.tampereTheatre,
    name: 'E2E-näytös',
    kind: fixture.kind ?? 'PERFORMANCE',
    starts_at: fixture.startsAt ?? new Date(Date.now() + 2 * 86_400_000),
    cap: fixture.cap ?? null,
    created_at: new Date(),
    ...(columns.has('capacity') ? { capacity: 1000 } : {}),
    ...(columns.has('updated_at') ? { updated_at: new Date() } : {}),
    ...fixture.extra,
  };
  const names = Object.keys(row);
  await db.query(`insert into usage.event (${names.join(', ')}) values (${names.map((_, i) => `$${i + 1}`).join(', ')})`, Object.values(row));
  return id;
}

const key = () => `e2e-${randomUUID()}`;
const REGISTER = 'mutation ($input: RegisterUsageInput!) { registerUsage(input: $input) { replayed usages { id cardCode adultTickets childTickets } } }';
const GROUP = 'mutation ($input: RegisterGroupVisitInput!) { registerGroupVisit(input: $input) { groupId usages { id cardKind } } }';
const CANCEL = 'mutation ($input: CancelUsageInput!) { cancelUsage(input: $input) { usage { id cancelReason } } }';
const codeOf = (res: { errors?: { extensions?: { code?: string } }[] }) => res.errors?.[0]?.extensions?.code;

type Caller = keyof typeof callers;
const CALLERS: Caller[] = ['partner key', 'clerk'];

/** Each refusal: what to send, and the code that must come back, the same for a partner key and a clerk. */
const REFUSALS: [code: string, input: () => Promise<Record<string, unknown>>][] = [
  ['INVALID_CARD_CODE', async () => ({ eventId: await event(), cardCode: 'ÄÖ-12' })],
  ['CARD_NOT_REGISTERED', async () => ({ eventId: await event(), cardCode: 'E2ENOSUCH0001' })],
  ['CARD_NOT_YET_VALID', async () => ({ eventId: await event(), cardCode: await card({ grantedOn: addDays(today(), 5), validUntil: addDays(today(), 300) }) })],
  ['CARD_EXPIRED', async () => ({ eventId: await event(), cardCode: await card({ grantedOn: addDays(today(), -400), validUntil: addDays(today(), -1) }) })],
  ['CARD_ENDED', async () => ({ eventId: await event(), cardCode: await card({ state: 'ENDED' }) })],
  ['CARD_OUT_OF_USE', async () => ({ eventId: await event(), cardCode: await card({ state: 'OUT_OF_USE' }) })],
  ['TOO_MANY_CHILD_TICKETS', async () => ({ eventId: await event(), cardCode: await card({ children: 1 }), childTickets: 2 })],
  ['CHILD_TICKETS_FOR_COURSE', async () => ({ report: { providerId: O.tampereTheatre, name: 'Kurssi', date: today(), kind: 'COURSE' }, cardCode: await card(), childTickets: 1 })],
  ['COMMUNITY_CARD_FOR_COURSE', async () => ({ report: { providerId: O.tampereTheatre, name: 'Kurssi', date: today(), kind: 'COURSE' }, cardCode: await card({ kind: 'COMMUNITY', children: 5 }) })],
  ['CAP_EXCEEDED', async () => ({ eventId: await event({ cap: 0 }), cardCode: await card() })],
  ['PROVIDER_NOT_CLIENT', async () => ({ eventId: await event({ providerId: O.ateneum }), cardCode: await card() })],
  ['EVENT_NOT_FOUND', async () => ({ eventId: randomUUID(), cardCode: await card() })],
  ['INVALID_REPORTED_EVENT', async () => ({ cardCode: await card() })],
  ['EVENT_EXCLUDED', async () => ({ eventId: await event({ extra: { exclusion_reason: 'TOURING_PRODUCTION' } }), cardCode: await card() })],
  ['OUTSIDE_TIME_LIMITS', async () => ({ eventId: await event({ startsAt: new Date(Date.now() + 3 * 3_600_000), extra: { redemption_opens_minutes_before: 30 } }), cardCode: await card() })],
  ['CAPTURED_AT_IN_FUTURE', async () => ({ eventId: await event(), cardCode: await card(), capturedAt: new Date(Date.now() + 3_600_000).toISOString() })],
];

describe('refusal codes through the gateway, for a partner key and a clerk', () => {
  for (const caller of CALLERS) {
    it.each(REFUSALS)(`%s as the ${caller}`, async (code, input) => {
      const res = await gql(REGISTER, { input: { idempotencyKey: key(), ...(await input()) } }, callers[caller]);
      expect(codeOf(res)).toBe(code);
      expect(res.errors?.[0]?.message).toMatch(/\w/);
    });
  }

  it.each(CALLERS)('R11: the %s registers a use for a client provider’s event: one adult ticket, the retry replays', async (caller) => {
    const input = { idempotencyKey: key(), eventId: await event({ cap: 5 }), cardCode: await card(), childTickets: 1 };
    const first = await gql<{ registerUsage: { replayed: boolean; usages: { id: string; adultTickets: number }[] } }>(REGISTER, { input }, callers[caller]);
    expect(first.errors).toBeUndefined();
    expect(first.data?.registerUsage.usages[0]?.adultTickets).toBe(1);
    const again = await gql<{ registerUsage: { replayed: boolean; usages: { id: string }[] } }>(REGISTER, { input }, callers[caller]);
    expect(again.data?.registerUsage).toMatchObject({ replayed: true, usages: [{ id: first.data?.registerUsage.usages[0]?.id }] });
    expect(codeOf(await gql(REGISTER, { input: { ...input, childTickets: 0 } }, callers[caller]))).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it.each(CALLERS)('R14: the %s gets GROUP_REFUSED with a code per card', async (caller) => {
    const res = await gql(GROUP, { input: { idempotencyKey: key(), eventId: await event(), staffCardCode: await card({ kind: 'COMMUNITY', children: 5 }), members: [{ cardCode: await card({ state: 'ENDED' }) }] } }, callers[caller]);
    expect(codeOf(res)).toBe('GROUP_REFUSED');
    expect((res.errors?.[0]?.extensions as { details?: { problems?: { code: string; member: number }[] } }).details?.problems).toEqual([expect.objectContaining({ code: 'CARD_ENDED', member: 0 })]);
  });

  it.each(CALLERS)('the %s cancels its use; a second time ALREADY_CANCELLED', async (caller) => {
    const registered = await gql<{ registerUsage: { usages: { id: string }[] } }>(REGISTER, { input: { idempotencyKey: key(), eventId: await event({ cap: 1 }), cardCode: await card() } }, callers[caller]);
    const usageId = registered.data?.registerUsage.usages[0]?.id;
    expect((await gql(CANCEL, { input: { idempotencyKey: key(), usageId, reason: 'TICKET_RETURNED' } }, callers[caller])).errors).toBeUndefined();
    expect(codeOf(await gql(CANCEL, { input: { idempotencyKey: key(), usageId, reason: 'TICKET_RETURNED' } }, callers[caller]))).toBe('ALREADY_CANCELLED');
    // Another organisation's staff learns nothing of it.
    expect(codeOf(await gql(CANCEL, { input: { idempotencyKey: key(), usageId, reason: 'OTHER' } }, boxOffice))).toBe('NOT_FOUND');
  });

  it('R18: a partner key without USAGE_WRITE is USAGE_WRITE_SCOPE_MISSING', async () => {
    const res = await gql(REGISTER, { input: { idempotencyKey: key(), eventId: await event(), cardCode: await card() } }, readOnlyKey);
    expect(codeOf(res)).toBe('USAGE_WRITE_SCOPE_MISSING');
  });

  it('R18: a provider’s box office registers for its own events, not for another provider’s (NOT_OWN_EVENT)', async () => {
    expect((await gql(REGISTER, { input: { idempotencyKey: key(), eventId: await event(), cardCode: await card() } }, boxOffice)).errors).toBeUndefined();
    const res = await gql(REGISTER, { input: { idempotencyKey: key(), eventId: await event({ providerId: O.kansallisteatteri }), cardCode: await card() } }, boxOffice);
    expect(codeOf(res)).toBe('NOT_OWN_EVENT');
  });

  it('R17, decision 0022: the demo culture officer (Tampere) registers an agency report for TTT, not for a Nokia provider (same region, another municipality) nor for Ateneum (PROVIDER_OUTSIDE_AREA)', async () => {
    const officer = await login('kulttuurivastaava.tampere@kaikukanta.demo');
    const nokia = await gql<{ createOrganization: { id: string } }>(
      'mutation ($input: OrganizationInput!) { createOrganization(input: $input) { id } }',
      { input: { name: 'Nokian kaupunginkirjasto', kinds: ['CULTURE_PROVIDER'], municipalityCode: '536', venueType: 'LIBRARY', field: 'CULTURE' } },
      await login('vastuuhenkilo.pirkanmaa@kaikukanta.demo'),
    );
    const nokiaProvider = nokia.data?.createOrganization.id as string;
    expect(nokia.errors).toBeUndefined();
    const report = (providerId: string) => ({ providerId, name: 'Lipunmyyntiraportti', date: today() });
    expect((await gql(REGISTER, { input: { idempotencyKey: key(), report: report(O.tampereTheatre), cardCode: await card() } }, officer)).errors).toBeUndefined();
    expect(codeOf(await gql(REGISTER, { input: { idempotencyKey: key(), report: report(nokiaProvider), cardCode: await card() } }, officer))).toBe('PROVIDER_OUTSIDE_AREA');
    expect(codeOf(await gql(REGISTER, { input: { idempotencyKey: key(), report: report(O.ateneum), cardCode: await card() } }, officer))).toBe('PROVIDER_OUTSIDE_AREA');
  });

  it('R29: usageCheck tells a partner key usable, kind, last valid day and child tickets', async () => {
    const res = await gql<{ usageCheck: Record<string, unknown> }>(
      'query ($input: CheckUsageInput!) { usageCheck(input: $input) { usable cardKind lastValidDay childTicketLimit problems { code } } }',
      { input: { eventId: await event(), cardCode: await card({ validUntil: addDays(today(), 100), children: 2 }) } },
      callers['partner key'],
    );
    expect(res.data?.usageCheck).toEqual({ usable: true, cardKind: 'PERSONAL', lastValidDay: addDays(today(), 100), childTicketLimit: 2, problems: [] });
  });
});
