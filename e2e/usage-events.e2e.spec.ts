import { DEMO } from '@kaikukanta/kit';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { gatewayRequest, startE2ESystem, type E2ESystem } from './support.ts';

/**
 * Keeping events through the real gateway and subgraph processes, each under its own database role: usage reads
 * organizations' published views (provider_scope, agent_client) inside its own transaction (decision 0010), so R18
 * and the swimming-hall cap rule (R20) come from the organizations data the demo network seeds.
 */

const O = DEMO.organizations;
let sut: E2ESystem;
const sessions: Record<'provider' | 'agent' | 'officer' | 'distributor', Record<string, string>> = { provider: {}, agent: {}, officer: {}, distributor: {} };

const gql = <T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
  gatewayRequest<T>(sut.graphqlUrl, query, variables, headers);

const LOGIN = 'mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { activeMembership { role } } }';

async function login(email: string): Promise<Record<string, string>> {
  const res = await gql(LOGIN, { e: email, p: DEMO.password });
  expect(res.errors, email).toBeUndefined();
  const pair = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  if (!pair.startsWith('kk_session=') || pair === 'kk_session=') throw new Error(`no session cookie for ${email}`);
  return { cookie: pair };
}

beforeAll(async () => {
  sut = await startE2ESystem(inject('pgAdminUrl'));
  sessions.provider = await login('lipputoimisto.ttt@kaikukanta.demo');
  sessions.agent = await login('lipunvalitys@kaikukanta.demo');
  sessions.officer = await login('kulttuurivastaava.tampere@kaikukanta.demo');
  sessions.distributor = await login('jakaja.tampere@kaikukanta.demo');
});

afterAll(async () => {
  await sut?.teardown();
});

const CREATE = 'mutation ($input: CreateEventInput!) { createEvent(input: $input) { id name startsAtLocal capacity cap availableWithCard provider { id name } } }';
const input = (over: Record<string, unknown> = {}) => ({ providerId: O.tampereTheatre, name: 'E2E-näytös', kind: 'PERFORMANCE', startsAt: '2027-03-28T19:00', capacity: 300, cap: 15, ...over });
const codeOf = (res: { errors?: { extensions?: { code?: string } }[] }) => res.errors?.[0]?.extensions?.code;

describe('events through the gateway', () => {
  it('R19, R20: a provider creates an event; the gateway joins the provider’s name from organizations', async () => {
    const res = await gql<{ createEvent: { startsAtLocal: string; cap: number; availableWithCard: boolean; provider: { name: string } } }>(CREATE, { input: input() }, sessions.provider);
    expect(res.errors).toBeUndefined();
    expect(res.data?.createEvent).toMatchObject({ startsAtLocal: '2027-03-28T19:00+03:00', cap: 15, availableWithCard: true, provider: { name: 'Tampereen Työväen Teatteri' } });
  });

  it('R20: a cap below the rule is refused with CAP_BELOW_MINIMUM, its rule and minimum, in the caller’s language', async () => {
    const res = await gql(CREATE, { input: input({ cap: 14 }) }, { ...sessions.provider, 'accept-language': 'sv' });
    expect(res.errors?.[0]).toMatchObject({ extensions: { code: 'CAP_BELOW_MINIMUM', details: { rule: 'GENERAL', minimum: 15 } }, message: expect.stringContaining('minst 15') });
  });

  it('R18: Lippupalvelu keeps events of its client TTT, not of a provider that is not its client', async () => {
    expect((await gql(CREATE, { input: input() }, sessions.agent)).errors).toBeUndefined();
    expect(codeOf(await gql(CREATE, { input: input({ providerId: O.tampereOpisto, kind: 'COURSE', capacity: 20, cap: 2 }) }, sessions.agent))).toBe('FORBIDDEN');
  });

  it('decision 0022: a culture officer keeps events of the providers of their municipality, not of another municipality of the region; a distributor keeps none', async () => {
    const nokia = await gql<{ createOrganization: { id: string } }>(
      'mutation ($input: OrganizationInput!) { createOrganization(input: $input) { id } }',
      { input: { name: 'Nokian kaupunginkirjasto', kinds: ['CULTURE_PROVIDER'], municipalityCode: '536', venueType: 'LIBRARY', field: 'CULTURE' } },
      await login('vastuuhenkilo.pirkanmaa@kaikukanta.demo'),
    );
    expect(nokia.errors).toBeUndefined();
    expect((await gql(CREATE, { input: input({ providerId: O.tampereOpisto, kind: 'COURSE', capacity: 20, cap: 2 }) }, sessions.officer)).errors).toBeUndefined();
    expect(codeOf(await gql(CREATE, { input: input({ providerId: nokia.data?.createOrganization.id, kind: 'COURSE', capacity: 20, cap: 2 }) }, sessions.officer))).toBe('FORBIDDEN');
    expect(codeOf(await gql(CREATE, { input: input({ providerId: O.vaasaSwimmingHall, kind: 'DAY_TICKET' }) }, sessions.officer))).toBe('FORBIDDEN');
    expect(codeOf(await gql(CREATE, { input: input() }, sessions.distributor))).toBe('FORBIDDEN');
  });

  it('R20: the cap rule reads the provider’s venue type from organizations: a theatre’s day tickets follow the general rule, not the swimming-hall one', async () => {
    const res = await gql<{ eventCapMinimum: { rule: string; minimum: number } }>(
      `{ eventCapMinimum(providerId: "${O.tampereTheatre}", kind: DAY_TICKET, capacity: 300) { rule minimum } }`,
      {},
      sessions.provider,
    );
    expect(res.data?.eventCapMinimum).toEqual({ rule: 'GENERAL', minimum: 15 });
  });

  it('R19: the demo touring production is listed, not available with the card, with its reason; the list is paged by limit', async () => {
    const from = new Date().toISOString().slice(0, 10);
    const to = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
    const res = await gql<{ providerEvents: { name: string; availableWithCard: boolean; exclusion: { reason: string } | null }[] }>(
      'query ($p: ID!, $f: Date!, $t: Date!) { providerEvents(providerId: $p, from: $f, to: $t, limit: 30) { name availableWithCard exclusion { reason } } }',
      { p: O.kansallisteatteri, f: from, t: to },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.providerEvents.length).toBeLessThanOrEqual(30);
    expect(res.data?.providerEvents.find((e) => e.name.startsWith('Kiertue'))).toEqual({ name: 'Kiertue: Tuntematon sotilas', availableWithCard: false, exclusion: { reason: 'TOURING_PRODUCTION' } });
  });
});
