import 'reflect-metadata';
import { DEMO, GENERIC_MESSAGES, type Identity, type Locale, type SubgraphApp } from '@kaikukanta/kit';
import type { TestDatabase } from '@kaikukanta/kit/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { anonymous, authenticate, call, createPerson, identityOf, login, startOrganizations } from './support.js';

/**
 * The authorisation matrix of the organizations subgraph (R28, ARCHITECTURE
 * "Security model"): every query and mutation × every kind of caller →
 * allowed, FORBIDDEN, UNAUTHENTICATED or NOT_FOUND, and a refusal carries no
 * data and no hint of the target (generic localised message, no ids, no emails).
 *
 * Callers are real: people log in and their sessions are resolved through
 * `/internal/authenticate` exactly as the gateway does; partner keys are
 * resolved there too. The target region is Pirkanmaa.
 */

const CALLERS = [
  'anonymous',
  'NATIONAL_ADMIN',
  'REGION_ADMIN',
  'REGION_ADMIN_OTHER',
  'DISTRIBUTOR',
  'CULTURE_PROVIDER',
  'TICKET_AGENT',
  'ANALYST',
  'CULTURE_OFFICER',
  'API_KEY',
  'REVOKED_API_KEY',
] as const;
type Caller = (typeof CALLERS)[number];
type Outcome = 'ok' | 'FORBIDDEN' | 'UNAUTHENTICATED' | 'NOT_FOUND';
type Expectations = Record<Caller, Outcome>;

const PEOPLE: readonly Caller[] = ['NATIONAL_ADMIN', 'REGION_ADMIN', 'REGION_ADMIN_OTHER', 'DISTRIBUTOR', 'CULTURE_PROVIDER', 'TICKET_AGENT', 'ANALYST', 'CULTURE_OFFICER'];
const ADMINS: readonly Caller[] = ['NATIONAL_ADMIN', 'REGION_ADMIN', 'REGION_ADMIN_OTHER'];
const KEY_MANAGERS: readonly Caller[] = [...ADMINS, 'CULTURE_PROVIDER', 'TICKET_AGENT'];

/** Anonymous callers (and a revoked key, which the gateway turns away) are UNAUTHENTICATED; everyone else `otherwise`, except `allowed`. */
function expectations(allowed: Partial<Record<Caller, Outcome>>, otherwise: Outcome = 'FORBIDDEN'): Expectations {
  const base = Object.fromEntries(CALLERS.map((c) => [c, otherwise])) as Expectations;
  return { ...base, anonymous: 'UNAUTHENTICATED', REVOKED_API_KEY: 'UNAUTHENTICATED', ...allowed };
}
const each = (callers: readonly Caller[], outcome: Outcome) => Object.fromEntries(callers.map((c) => [c, outcome])) as Partial<Record<Caller, Outcome>>;
const everyone = () => expectations({ ...each(CALLERS, 'ok'), REVOKED_API_KEY: 'UNAUTHENTICATED' });
const only = (...callers: Caller[]) => expectations(each(callers, 'ok'));

const R = DEMO.regions;
const O = DEMO.organizations;
const PASSWORD = DEMO.password;
const UNKNOWN_ID = '0a6c1a5e-dead-4000-8000-00000000beef';
const EMAILS: Record<Exclude<Caller, 'anonymous' | 'API_KEY' | 'REVOKED_API_KEY' | 'CULTURE_OFFICER'>, string> = {
  NATIONAL_ADMIN: 'admin@kaikukanta.demo',
  REGION_ADMIN: 'vastuuhenkilo.pirkanmaa@kaikukanta.demo',
  REGION_ADMIN_OTHER: 'vastuuhenkilo.uusimaa@kaikukanta.demo',
  DISTRIBUTOR: 'jakaja.tampere@kaikukanta.demo',
  CULTURE_PROVIDER: 'lipputoimisto.ttt@kaikukanta.demo',
  TICKET_AGENT: 'lipunvalitys@kaikukanta.demo',
  ANALYST: 'analyytikko@kaikukanta.demo',
};

let db: TestDatabase;
let sut: SubgraphApp;
const identities = new Map<Caller, Identity | null>();
let revokedKey: string;
let siteId: string;
let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;

const as = (caller: Caller) => identities.get(caller) as Identity;
const national = <T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}) => call<T>(sut.server.url, as('NATIONAL_ADMIN'), query, variables);
const membershipOf = (caller: Caller): string => {
  const identity = identities.get(caller);
  return identity?.kind === 'user' && identity.membership ? identity.membership.id : UNKNOWN_ID;
};

async function newInvitation(): Promise<{ id: string; token: string }> {
  const res = await national<{ createInvitation: { invitation: { id: string }; link: string } }>(
    'mutation ($i: CreateInvitationInput!) { createInvitation(input: $i) { invitation { id } link } }',
    { i: { email: `invitee-${unique()}@example.test`, role: 'DISTRIBUTOR', organizationId: O.tampereSocial } },
  );
  const created = res.data?.createInvitation;
  if (!created) throw new Error(JSON.stringify(res.errors));
  return { id: created.invitation.id, token: created.link.replace('/invitation/', '') };
}

async function newPasswordReset(): Promise<string> {
  const person = await createPerson(sut, { password: 'staff-password-1234', memberships: [{ role: 'DISTRIBUTOR', organization: O.tampereSocial }] });
  const res = await national<{ issuePasswordReset: { link: string } }>('mutation ($u: ID!) { issuePasswordReset(userId: $u) { link } }', { u: person.userId });
  const link = res.data?.issuePasswordReset.link;
  if (!link) throw new Error(JSON.stringify(res.errors));
  return link.replace('/reset/', '');
}

async function newApiKey(organizationId: string): Promise<{ id: string; secret: string }> {
  const res = await national<{ createApiKey: { apiKey: { id: string }; secret: string } }>(
    'mutation ($o: ID!) { createApiKey(organizationId: $o, name: "Matrix key", scopes: [USAGE_WRITE]) { apiKey { id } secret } }',
    { o: organizationId },
  );
  const created = res.data?.createApiKey;
  if (!created) throw new Error(JSON.stringify(res.errors));
  return { id: created.apiKey.id, secret: created.secret };
}

interface Operation {
  /** The root field, as in the schema. */
  field: string;
  /** What the cell proves, with its rule. */
  rule: string;
  document: string;
  /** Variables for this caller; may create fresh targets so that allowed mutations do not depend on each other. */
  variables?: (caller: Caller) => Record<string, unknown> | Promise<Record<string, unknown>>;
  expect: Expectations;
}

const ORGANIZATION_INPUT = { name: 'Tampereen seudun työväenopisto', kinds: ['CULTURE_PROVIDER'], municipalityCode: '837', venueType: 'ADULT_EDUCATION_CENTRE', field: 'EDUCATION' };
const PIRKANMAA_INPUT = { code: 'PIRKANMAA', nameFi: 'Pirkanmaa', nameSv: 'Birkaland', nameEn: 'Pirkanmaa' };

const OPERATIONS: Operation[] = [
  // ── Queries ──────────────────────────────────────────────────────────────
  { field: 'regions', rule: 'the network map is public', document: '{ regions { id municipalities { code } } }', expect: everyone() },
  { field: 'region', rule: 'the network map is public', document: `{ region(id: "${R.pirkanmaa}") { id organizations { id } } }`, expect: everyone() },
  { field: 'organizations', rule: 'the network map is public', document: `{ organizations(regionId: "${R.pirkanmaa}") { id municipality { code } region { id } } }`, expect: everyone() },
  {
    field: 'organization',
    rule: 'organisations, their sites and R18 links are public',
    document: `{ organization(id: "${O.tampereTheatre}") { id sites { id } clientProviders { id } ticketAgents { id } } }`,
    expect: everyone(),
  },
  { field: 'me', rule: 'answers null to anyone who is not a person', document: '{ me { user { id } activeMembership { role } } }', expect: everyone() },
  { field: 'currentApiKey', rule: 'answers null to anyone who is not a partner key', document: '{ currentApiKey { id organization { id } } }', expect: everyone() },
  { field: 'invitation', rule: 'an invitation link is its own credential', document: '{ invitation(token: "no-such-token") { id } }', expect: everyone() },
  { field: 'users', rule: 'R28: only administrators see people', document: '{ users { id memberships { role } } }', expect: only(...ADMINS) },
  { field: 'pendingInvitations', rule: 'R28: only administrators see invitations', document: '{ pendingInvitations { id } }', expect: only(...ADMINS) },
  { field: 'auditLog', rule: 'R28: only administrators read the audit log', document: '{ auditLog(limit: 5) { id action actorName targetName } }', expect: only(...ADMINS) },
  { field: 'passwordReset', rule: 'a password reset link is its own credential', document: '{ passwordReset(token: "no-such-token") { email } }', expect: everyone() },
  {
    field: 'apiKeys',
    rule: "R28: an organisation's keys are its own staff's, its region admin's and national admins'",
    document: `{ apiKeys(organizationId: "${O.tampereTheatre}") { id prefix } }`,
    expect: only('NATIONAL_ADMIN', 'REGION_ADMIN', 'CULTURE_PROVIDER'),
  },
  // ── Session ──────────────────────────────────────────────────────────────
  { field: 'login', rule: 'the door is open to everyone', document: `mutation { login(email: "${EMAILS.ANALYST}", password: "${PASSWORD}") { user { id } } }`, expect: everyone() },
  { field: 'logout', rule: 'ends a session, answers false when there is none', document: 'mutation { logout }', expect: everyone() },
  {
    field: 'selectMembership',
    rule: 'a person picks one of their own memberships',
    document: 'mutation ($m: ID!) { selectMembership(membershipId: $m) { activeMembership { id } } }',
    variables: (caller) => ({ m: membershipOf(caller === 'anonymous' || caller === 'API_KEY' ? 'REGION_ADMIN' : caller) }),
    expect: expectations(each(PEOPLE, 'ok')),
  },
  {
    field: 'selectMembership',
    rule: "R28: nobody acts in another person's membership",
    document: 'mutation ($m: ID!) { selectMembership(membershipId: $m) { activeMembership { id } } }',
    variables: (caller) => ({ m: membershipOf(caller === 'REGION_ADMIN' ? 'REGION_ADMIN_OTHER' : 'REGION_ADMIN') }),
    expect: expectations(each(PEOPLE, 'NOT_FOUND')),
  },
  {
    field: 'changePassword',
    rule: 'people change their own password',
    document: 'mutation ($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) }',
    variables: () => ({ c: PASSWORD, n: PASSWORD }),
    expect: expectations(each(PEOPLE, 'ok')),
  },
  // ── People and rights ────────────────────────────────────────────────────
  {
    field: 'createInvitation',
    rule: 'R28: a responsible person invites in their own region only',
    document: 'mutation ($i: CreateInvitationInput!) { createInvitation(input: $i) { link } }',
    variables: () => ({ i: { email: `invitee-${unique()}@example.test`, role: 'DISTRIBUTOR', organizationId: O.tampereSocial } }),
    expect: only('NATIONAL_ADMIN', 'REGION_ADMIN'),
  },
  {
    field: 'acceptInvitation',
    rule: 'the one-time link is the credential',
    document: 'mutation ($i: AcceptInvitationInput!) { acceptInvitation(input: $i) }',
    variables: async () => ({ i: { token: (await newInvitation()).token, displayName: 'Invited Person', password: 'a-long-enough-secret-1' } }),
    expect: everyone(),
  },
  {
    field: 'issuePasswordReset',
    rule: "R28: a responsible person issues reset links for their own region's people only",
    document: 'mutation ($u: ID!) { issuePasswordReset(userId: $u) { link expiresAt } }',
    variables: async () => ({ u: (await createPerson(sut, { password: 'staff-password-1234', memberships: [{ role: 'DISTRIBUTOR', organization: O.tampereSocial }] })).userId }),
    expect: only('NATIONAL_ADMIN', 'REGION_ADMIN'),
  },
  {
    field: 'resetPassword',
    rule: 'the one-time link is the credential',
    document: 'mutation ($i: ResetPasswordInput!) { resetPassword(input: $i) }',
    variables: async () => ({ i: { token: await newPasswordReset(), password: 'a-long-enough-secret-2' } }),
    expect: everyone(),
  },
  {
    field: 'revokeInvitation',
    rule: 'R28: a responsible person withdraws invitations in their own region only',
    document: 'mutation ($id: ID!) { revokeInvitation(id: $id) }',
    variables: async () => ({ id: (await newInvitation()).id }),
    expect: only('NATIONAL_ADMIN', 'REGION_ADMIN'),
  },
  {
    field: 'grantMembership',
    rule: 'R28: a responsible person grants rights in their own region only',
    document: 'mutation ($u: ID!, $i: MembershipScopeInput!) { grantMembership(userId: $u, input: $i) { id role } }',
    variables: async () => ({ u: (await createPerson(sut)).userId, i: { role: 'CULTURE_PROVIDER', organizationId: O.tampereOpisto } }),
    expect: only('NATIONAL_ADMIN', 'REGION_ADMIN'),
  },
  {
    field: 'grantMembership',
    rule: 'R28: only national admins make responsible persons',
    document: 'mutation ($u: ID!, $i: MembershipScopeInput!) { grantMembership(userId: $u, input: $i) { id role } }',
    variables: async () => ({ u: (await createPerson(sut)).userId, i: { role: 'REGION_ADMIN', regionId: R.pirkanmaa } }),
    expect: only('NATIONAL_ADMIN'),
  },
  {
    field: 'revokeMembership',
    rule: 'R28: a responsible person removes rights in their own region only',
    document: 'mutation ($m: ID!) { revokeMembership(membershipId: $m) }',
    variables: async () => ({ m: (await createPerson(sut, { memberships: [{ role: 'DISTRIBUTOR', organization: O.tampereSocial }] })).membershipIds[0] }),
    expect: only('NATIONAL_ADMIN', 'REGION_ADMIN'),
  },
  {
    field: 'revokeMembership',
    rule: 'an unknown membership is NOT_FOUND to administrators and FORBIDDEN, without a hint, to others',
    document: `mutation { revokeMembership(membershipId: "${UNKNOWN_ID}") }`,
    expect: expectations(each(ADMINS, 'NOT_FOUND')),
  },
  // ── Partner keys ─────────────────────────────────────────────────────────
  {
    field: 'createApiKey',
    rule: "R28: an organisation's own provider/agent staff, its region admin and national admins create its keys",
    document: `mutation { createApiKey(organizationId: "${O.tampereTheatre}", name: "Box office", scopes: [USAGE_WRITE]) { secret apiKey { prefix } } }`,
    expect: only('NATIONAL_ADMIN', 'REGION_ADMIN', 'CULTURE_PROVIDER'),
  },
  {
    field: 'revokeApiKey',
    rule: "R28: the same people revoke an organisation's keys",
    document: 'mutation ($id: ID!) { revokeApiKey(id: $id) { revokedAt } }',
    variables: async () => ({ id: (await newApiKey(O.tampereTheatre)).id }),
    expect: only('NATIONAL_ADMIN', 'REGION_ADMIN', 'CULTURE_PROVIDER'),
  },
  {
    field: 'revokeApiKey',
    rule: 'an unknown key is NOT_FOUND to key managers and FORBIDDEN, without a hint, to others',
    document: `mutation { revokeApiKey(id: "${UNKNOWN_ID}") { id } }`,
    expect: expectations(each(KEY_MANAGERS, 'NOT_FOUND')),
  },
  // ── Organisations, sites, R18 links ──────────────────────────────────────
  {
    field: 'createOrganization',
    rule: 'R28: a responsible person maintains organisations in their own region',
    document: 'mutation ($i: OrganizationInput!) { createOrganization(input: $i) { id } }',
    variables: () => ({ i: { name: `Uusi jakaja ${unique()}`, kinds: ['DISTRIBUTOR'], municipalityCode: '837' } }),
    expect: only('NATIONAL_ADMIN', 'REGION_ADMIN'),
  },
  {
    field: 'updateOrganization',
    rule: 'R28: a responsible person maintains organisations in their own region',
    document: `mutation ($i: OrganizationInput!) { updateOrganization(id: "${O.tampereOpisto}", input: $i) { id } }`,
    variables: () => ({ i: ORGANIZATION_INPUT }),
    expect: only('NATIONAL_ADMIN', 'REGION_ADMIN'),
  },
  {
    field: 'updateOrganization',
    rule: 'an unknown organisation is NOT_FOUND to administrators and FORBIDDEN, without a hint, to others',
    document: `mutation ($i: OrganizationInput!) { updateOrganization(id: "${UNKNOWN_ID}", input: $i) { id } }`,
    variables: () => ({ i: ORGANIZATION_INPUT }),
    expect: expectations(each(ADMINS, 'NOT_FOUND')),
  },
  {
    field: 'setOrganizationActive',
    rule: 'R28: a responsible person maintains organisations in their own region',
    document: `mutation { setOrganizationActive(id: "${O.tampereOpisto}", active: true) { active } }`,
    expect: only('NATIONAL_ADMIN', 'REGION_ADMIN'),
  },
  {
    field: 'linkTicketAgent',
    rule: "R18/R28: the provider's region admin links it to an agent (the agent's region admin may not)",
    // tampereOpisto: the demo network already links Lippupalvelu to TTT, and a link that exists is not audited again.
    document: `mutation { linkTicketAgent(agentId: "${O.lippupiste}", providerId: "${O.tampereOpisto}", linked: true) }`,
    expect: only('NATIONAL_ADMIN', 'REGION_ADMIN'),
  },
  {
    field: 'createSite',
    rule: "R28: a responsible person maintains the sites of their region's organisations",
    document: `mutation { createSite(organizationId: "${O.tampereSocial}", input: { name: "Hervannan toimipiste", municipalityCode: "837" }) { id } }`,
    expect: only('NATIONAL_ADMIN', 'REGION_ADMIN'),
  },
  {
    field: 'updateSite',
    rule: "R28: a responsible person maintains the sites of their region's organisations",
    document: 'mutation ($id: ID!) { updateSite(id: $id, input: { name: "Hervannan sosiaaliasema", municipalityCode: "837" }) { id } }',
    variables: () => ({ id: siteId }),
    expect: only('NATIONAL_ADMIN', 'REGION_ADMIN'),
  },
  {
    field: 'setSiteActive',
    rule: "R28: a responsible person maintains the sites of their region's organisations",
    document: 'mutation ($id: ID!) { setSiteActive(id: $id, active: true) { active } }',
    variables: () => ({ id: siteId }),
    expect: only('NATIONAL_ADMIN', 'REGION_ADMIN'),
  },
  // ── Regions (national support service) ───────────────────────────────────
  {
    field: 'createRegion',
    rule: 'national admins manage regions',
    document: 'mutation ($i: RegionInput!) { createRegion(input: $i) { id } }',
    variables: () => ({ i: { code: `AREA_${unique().toUpperCase()}`, nameFi: 'Alue', nameSv: 'Område', nameEn: 'Area' } }),
    expect: only('NATIONAL_ADMIN'),
  },
  {
    field: 'updateRegion',
    rule: 'national admins manage regions (not even their own region admin renames one)',
    document: `mutation ($i: RegionInput!) { updateRegion(id: "${R.pirkanmaa}", input: $i) { id } }`,
    variables: () => ({ i: PIRKANMAA_INPUT }),
    expect: only('NATIONAL_ADMIN'),
  },
  {
    field: 'saveMunicipality',
    rule: 'national admins decide which region a municipality belongs to',
    document: 'mutation ($i: MunicipalityInput!) { saveMunicipality(input: $i) { code } }',
    variables: () => ({ i: { code: '908', nameFi: 'Valkeakoski', nameSv: 'Valkeakoski', regionId: R.pirkanmaa } }),
    expect: only('NATIONAL_ADMIN'),
  },
];

const LOCALES: Locale[] = ['fi', 'sv', 'en'];
const UUID_OR_EMAIL = /[0-9a-f]{8}-[0-9a-f]{4}-|@/i;

beforeAll(async () => {
  ({ db, sut } = await startOrganizations(inject('pgAdminUrl')));
  const url = sut.server.url;
  identities.set('anonymous', anonymous);
  for (const [caller, email] of Object.entries(EMAILS)) identities.set(caller as Caller, await identityOf(url, email, PASSWORD));
  // Tampere's municipal culture officer (decision 0022: the membership names the municipality), invited and signed up the way anyone is.
  const invited = await national<{ createInvitation: { link: string } }>('mutation ($i: CreateInvitationInput!) { createInvitation(input: $i) { link } }', {
    i: { email: 'kulttuurivastaava@tampere.example', role: 'CULTURE_OFFICER', regionId: R.pirkanmaa, municipalityCode: '837' },
  });
  const token = invited.data?.createInvitation.link.replace('/invitation/', '');
  const accepted = await call(url, anonymous, 'mutation ($i: AcceptInvitationInput!) { acceptInvitation(input: $i) }', {
    i: { token, displayName: 'Kulttuurivastaava', password: PASSWORD },
  });
  if (!accepted.data?.acceptInvitation) throw new Error(JSON.stringify([invited.errors, accepted.errors]));
  identities.set('CULTURE_OFFICER', await identityOf(url, 'kulttuurivastaava@tampere.example', PASSWORD));
  identities.set('API_KEY', await authenticate(url, { apiKey: DEMO.apiKey }));
  const revoked = await newApiKey(O.lippupiste);
  await national('mutation ($id: ID!) { revokeApiKey(id: $id) { id } }', { id: revoked.id });
  revokedKey = revoked.secret;
  identities.set('REVOKED_API_KEY', await authenticate(url, { apiKey: revokedKey }));
  const site = await national<{ createSite: { id: string } }>(`mutation { createSite(organizationId: "${O.tampereSocial}", input: { name: "Hervannan sosiaaliasema", municipalityCode: "837" }) { id } }`);
  siteId = site.data?.createSite.id as string;
}, 60_000);

afterAll(async () => {
  await sut?.close();
  await db?.drop();
});

describe('R28: authorisation matrix of the organizations subgraph', () => {
  it('covers every query and mutation of the schema', async () => {
    const res = await call<{ __schema: { queryType: { fields: { name: string }[] }; mutationType: { fields: { name: string }[] } } }>(
      sut.server.url,
      anonymous,
      '{ __schema { queryType { fields { name } } mutationType { fields { name } } } }',
    );
    const schema = res.data?.__schema;
    const fields = [...(schema?.queryType.fields ?? []), ...(schema?.mutationType.fields ?? [])].map((f) => f.name).filter((name) => !name.startsWith('_'));
    expect(new Set(OPERATIONS.map((o) => o.field))).toEqual(new Set(fields));
  });

  it('knows every caller: each person acts in the role the table names, the live key as its organisation', () => {
    for (const caller of PEOPLE) {
      const identity = identities.get(caller);
      expect(identity?.kind).toBe('user');
      const role = caller === 'REGION_ADMIN_OTHER' ? 'REGION_ADMIN' : caller;
      expect(identity?.kind === 'user' && identity.membership?.role).toBe(role);
    }
    expect(identities.get('API_KEY')).toMatchObject({ kind: 'apiKey', organizationId: O.lippupiste });
    expect(identities.get('REVOKED_API_KEY')).toBeNull();
  });

  const cells = OPERATIONS.flatMap((operation) => CALLERS.map((caller, index) => ({ operation, caller, outcome: operation.expect[caller], locale: LOCALES[index % 3] as Locale })));

  it.each(cells)('$operation.field ($operation.rule) by $caller → $outcome', async ({ operation, caller, outcome, locale }) => {
    const identity = identities.get(caller);
    if (identity === null) {
      // A revoked key never reaches a subgraph: /internal/authenticate answers null and the gateway itself
      // answers 401 UNAUTHENTICATED (gateway/src/app.ts; e2e/access.e2e.spec.ts drives it for real).
      expect(await authenticate(sut.server.url, { apiKey: revokedKey })).toBeNull();
      expect(outcome).toBe('UNAUTHENTICATED');
      return;
    }
    // Denied cells get real targets too: a refusal must not depend on the target being missing.
    const variables = (await operation.variables?.(caller)) ?? {};
    const res = await call(sut.server.url, identity as Identity, operation.document, variables, { locale });
    expect(res.status).toBe(200);
    if (outcome === 'ok') {
      expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
      expect(res.data).toHaveProperty(operation.field);
      return;
    }
    expect(res.errors).toHaveLength(1);
    const [error] = res.errors ?? [];
    expect(error?.extensions).toEqual({ code: outcome });
    expect(error?.message).toBe(GENERIC_MESSAGES[outcome][locale]);
    expect(res.data?.[operation.field] ?? null).toBeNull();
    expect(JSON.stringify(res.errors)).not.toMatch(UUID_OR_EMAIL);
  });
});

describe('R28: what a responsible person sees stays in their region', () => {
  it("a responsible person sees only their region's people, and of them only their region's memberships", async () => {
    const both = await createPerson(sut, {
      memberships: [
        { role: 'DISTRIBUTOR', organization: O.helsinkiSocial },
        { role: 'CULTURE_PROVIDER', organization: O.tampereTheatre },
      ],
    });
    const query = '{ users { id email memberships { role organization { id } region { id } } } }';
    const pirkanmaa = await call<{ users: { id: string; email: string; memberships: { organization: { id: string } | null }[] }[] }>(sut.server.url, as('REGION_ADMIN'), query);
    const emails = pirkanmaa.data?.users.map((u) => u.email) ?? [];
    expect(emails).toContain(EMAILS.DISTRIBUTOR);
    expect(emails).not.toContain(EMAILS.TICKET_AGENT);
    expect(emails).not.toContain(EMAILS.REGION_ADMIN_OTHER);
    expect(pirkanmaa.data?.users.find((u) => u.id === both.userId)?.memberships.map((m) => m.organization?.id)).toEqual([O.tampereTheatre]);

    const uusimaa = await call<{ users: { id: string; email: string; memberships: { organization: { id: string } | null }[] }[] }>(sut.server.url, as('REGION_ADMIN_OTHER'), query);
    expect(uusimaa.data?.users.map((u) => u.email)).not.toContain(EMAILS.DISTRIBUTOR);
    expect(uusimaa.data?.users.find((u) => u.id === both.userId)?.memberships.map((m) => m.organization?.id)).toEqual([O.helsinkiSocial]);

    const nationally = await call<{ users: { id: string; memberships: unknown[] }[] }>(sut.server.url, as('NATIONAL_ADMIN'), query);
    expect(nationally.data?.users.find((u) => u.id === both.userId)?.memberships).toHaveLength(2);
  });

  it("a responsible person cannot grant rights in another region, and the refusal changes nothing", async () => {
    const person = await createPerson(sut);
    const res = await call(sut.server.url, as('REGION_ADMIN_OTHER'), 'mutation ($u: ID!, $i: MembershipScopeInput!) { grantMembership(userId: $u, input: $i) { id } }', {
      u: person.userId,
      i: { role: 'DISTRIBUTOR', organizationId: O.tampereSocial },
    });
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const rows: { n: string }[] = await sut.orm.em.getConnection().execute('select count(*) as n from organizations.membership where user_id = ?', [person.userId]);
    expect(Number(rows[0]?.n)).toBe(0);
  });

  it("invitations and the audit log of one region are not another's", async () => {
    const invitation = await call<{ createInvitation: { invitation: { id: string } } }>(
      sut.server.url,
      as('REGION_ADMIN'),
      'mutation ($i: CreateInvitationInput!) { createInvitation(input: $i) { invitation { id } } }',
      { i: { email: `only-pirkanmaa-${unique()}@example.test`, role: 'DISTRIBUTOR', organizationId: O.tampereSocial } },
    );
    const invitationId = invitation.data?.createInvitation.invitation.id;
    expect(invitationId).toBeDefined();
    const pending = (caller: Caller) => call<{ pendingInvitations: { id: string }[] }>(sut.server.url, as(caller), '{ pendingInvitations { id } }');
    expect((await pending('REGION_ADMIN')).data?.pendingInvitations.map((i) => i.id)).toContain(invitationId);
    expect((await pending('REGION_ADMIN_OTHER')).data?.pendingInvitations.map((i) => i.id)).not.toContain(invitationId);

    const audit = (caller: Caller) => call<{ auditLog: { targetId: string; action: string; actorUserId: string }[] }>(sut.server.url, as(caller), '{ auditLog(limit: 200) { targetId action actorUserId } }');
    const ownEntry = (await audit('REGION_ADMIN')).data?.auditLog.find((e) => e.targetId === invitationId);
    expect(ownEntry).toMatchObject({ action: 'INVITATION_CREATED', actorUserId: DEMO.users.pirkanmaaAdmin });
    expect((await audit('REGION_ADMIN_OTHER')).data?.auditLog.some((e) => e.actorUserId === DEMO.users.pirkanmaaAdmin)).toBe(false);
    expect((await audit('NATIONAL_ADMIN')).data?.auditLog.some((e) => e.targetId === invitationId)).toBe(true);
  });
});

describe('decision 0022: a culture officer acts for one municipality of their region', () => {
  it("the officer's identity names the municipality beside the region, and nothing else", () => {
    const identity = identities.get('CULTURE_OFFICER');
    expect(identity?.kind === 'user' && identity.membership).toEqual({ id: expect.any(String), role: 'CULTURE_OFFICER', regionId: R.pirkanmaa, municipalityCode: '837' });
  });

  it('a responsible person grants an officer of a municipality of their region, and the membership shows it; not of another region', async () => {
    const person = await createPerson(sut);
    const grant = (caller: Caller, municipalityCode: string) =>
      call<{ grantMembership: { role: string; region: { id: string }; municipality: { code: string; name: { fi: string } } } }>(
        sut.server.url,
        as(caller),
        'mutation ($u: ID!, $i: MembershipScopeInput!) { grantMembership(userId: $u, input: $i) { role region { id } municipality { code name { fi } } } }',
        { u: person.userId, i: { role: 'CULTURE_OFFICER', regionId: R.pirkanmaa, municipalityCode } },
      );
    expect((await grant('REGION_ADMIN_OTHER', '536')).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const granted = await grant('REGION_ADMIN', '536');
    expect(granted.errors).toBeUndefined();
    expect(granted.data?.grantMembership).toEqual({ role: 'CULTURE_OFFICER', region: { id: R.pirkanmaa }, municipality: { code: '536', name: { fi: 'Nokia' } } });
    const users = await call<{ users: { id: string; memberships: { municipality: { code: string } | null }[] }[] }>(sut.server.url, as('REGION_ADMIN'), '{ users { id memberships { municipality { code } } } }');
    expect(users.data?.users.find((u) => u.id === person.userId)?.memberships).toEqual([{ municipality: { code: '536' } }]);
  });

  it('the database holds the same line: an officer row without a municipality is refused', async () => {
    const person = await createPerson(sut);
    await expect(
      sut.orm.em
        .getConnection()
        .execute("insert into organizations.membership (id, user_id, role, region_id, created_at) values (gen_random_uuid(), ?, 'CULTURE_OFFICER', ?, now())", [person.userId, R.pirkanmaa]),
    ).rejects.toThrow(/membership_scope_check/);
  });
});

describe('R28: every rights change is in the append-only audit log', () => {
  it('records who, what and when for the changes the matrix made', async () => {
    const res = await call<{ auditLog: { action: string; actorUserId: string | null; at: string }[] }>(sut.server.url, as('NATIONAL_ADMIN'), '{ auditLog(limit: 200) { action actorUserId at } }');
    const actions = new Set(res.data?.auditLog.map((e) => e.action));
    for (const action of [
      'INVITATION_CREATED',
      'INVITATION_ACCEPTED',
      'INVITATION_REVOKED',
      'MEMBERSHIP_GRANTED',
      'MEMBERSHIP_REVOKED',
      'API_KEY_CREATED',
      'API_KEY_REVOKED',
      'ORGANIZATION_CREATED',
      'ORGANIZATION_UPDATED',
      'TICKET_AGENT_LINKED',
      'SITE_CREATED',
      'SITE_UPDATED',
      'REGION_CREATED',
      'REGION_UPDATED',
      'MUNICIPALITY_SAVED',
      'PASSWORD_CHANGED',
      'PASSWORD_RESET_ISSUED',
      'PASSWORD_RESET_USED',
    ]) {
      expect(actions, action).toContain(action);
    }
    expect(res.data?.auditLog.every((e) => e.actorUserId && !Number.isNaN(Date.parse(e.at)))).toBe(true);
  });

  it('refuses to rewrite or delete history, even from SQL', async () => {
    const connection = sut.orm.em.getConnection();
    await expect(connection.execute("update organizations.audit_log set action = 'NOTHING_HAPPENED'")).rejects.toThrow(/append-only/);
    await expect(connection.execute('delete from organizations.audit_log')).rejects.toThrow(/append-only/);
  });
});

describe('/internal/authenticate: how the gateway learns who calls', () => {
  it('resolves a live partner key to its organisation, region and scopes', async () => {
    expect(await authenticate(sut.server.url, { apiKey: DEMO.apiKey })).toEqual({
      kind: 'apiKey',
      apiKeyId: expect.any(String),
      organizationId: O.lippupiste,
      regionId: R.uusimaa,
      scopes: ['CARD_STATUS_READ', 'USAGE_WRITE'],
    });
  });

  it('answers null for a revoked key', async () => {
    expect(await authenticate(sut.server.url, { apiKey: revokedKey })).toBeNull();
  });

  it('answers null for an expired key', async () => {
    const key = await newApiKey(O.lippupiste);
    expect(await authenticate(sut.server.url, { apiKey: key.secret })).toMatchObject({ kind: 'apiKey' });
    await sut.orm.em.getConnection().execute("update organizations.api_key set expires_at = now() - interval '1 second' where id = ?", [key.id]);
    expect(await authenticate(sut.server.url, { apiKey: key.secret })).toBeNull();
  });

  it('answers null for a key with the right prefix but a wrong secret, and for garbage', async () => {
    const forged = DEMO.apiKey.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    expect(await authenticate(sut.server.url, { apiKey: forged })).toBeNull();
    expect(await authenticate(sut.server.url, { apiKey: 'not a key' })).toBeNull();
    expect(await authenticate(sut.server.url, { session: 'no-such-session' })).toBeNull();
  });

  it('records when a key was last used', async () => {
    const rows: { recent: boolean }[] = await sut.orm.em
      .getConnection()
      .execute("select last_used_at > now() - interval '5 minutes' as recent from organizations.api_key where prefix = 'demo0001'");
    expect(rows[0]?.recent).toBe(true);
  });
});

describe('deactivating an organisation keeps its history, but nobody acts for it any more', () => {
  it('its staff lose the membership, its keys stop working, and it stays in the registry', async () => {
    const url = sut.server.url;
    const created = await national<{ createOrganization: { id: string } }>('mutation ($i: OrganizationInput!) { createOrganization(input: $i) { id } }', {
      i: { name: 'Lakkautettava teatteri', kinds: ['CULTURE_PROVIDER'], municipalityCode: '837', venueType: 'THEATRE', field: 'CULTURE' },
    });
    const organizationId = created.data?.createOrganization.id as string;
    const staff = await createPerson(sut, { password: 'staff-password-1234', memberships: [{ role: 'CULTURE_PROVIDER', organization: organizationId }] });
    const key = await newApiKey(organizationId);
    const { token } = await login(url, staff.email, 'staff-password-1234');
    expect(await authenticate(url, { session: token as string })).toMatchObject({ membership: { organizationId } });

    await national('mutation ($id: ID!) { setOrganizationActive(id: $id, active: false) { id } }', { id: organizationId });

    expect(await authenticate(url, { apiKey: key.secret })).toBeNull();
    const identity = await authenticate(url, { session: token as string });
    expect(identity).toMatchObject({ kind: 'user', userId: staff.userId });
    expect(identity).not.toHaveProperty('membership');
    const chosen = await call(url, identity as Identity, 'mutation ($m: ID!) { selectMembership(membershipId: $m) { user { id } } }', { m: staff.membershipIds[0] });
    expect(chosen.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // History stays: the row, its audit trail; signed-in callers still see it, the public no longer does.
    expect((await call<{ organization: { active: boolean } | null }>(url, as('ANALYST'), `{ organization(id: "${organizationId}") { active } }`)).data?.organization).toEqual({ active: false });
    expect((await call<{ organization: unknown }>(url, anonymous, `{ organization(id: "${organizationId}") { active } }`)).data?.organization).toBeNull();
    const audit = await national<{ auditLog: { action: string; targetId: string }[] }>('{ auditLog(limit: 200) { action targetId } }');
    expect(audit.data?.auditLog.filter((e) => e.targetId === organizationId).map((e) => e.action)).toEqual(['ORGANIZATION_DEACTIVATED', 'ORGANIZATION_CREATED']);
  });
});

describe('a role goes with the kind of its organisation', () => {
  it('when a unit stops distributing cards, its distributor staff no longer act as distributors', async () => {
    const url = sut.server.url;
    const created = await national<{ createOrganization: { id: string } }>('mutation ($i: OrganizationInput!) { createOrganization(input: $i) { id } }', {
      i: { name: 'Kokeiluyksikkö', kinds: ['DISTRIBUTOR', 'CULTURE_PROVIDER'], municipalityCode: '837', venueType: 'OTHER', field: 'CULTURE' },
    });
    const organizationId = created.data?.createOrganization.id as string;
    const staff = await createPerson(sut, { password: 'staff-password-1234', memberships: [{ role: 'DISTRIBUTOR', organization: organizationId }] });
    const { token } = await login(url, staff.email, 'staff-password-1234');
    expect(await authenticate(url, { session: token as string })).toMatchObject({ membership: { role: 'DISTRIBUTOR', organizationId } });

    const updated = await national('mutation ($id: ID!, $i: OrganizationInput!) { updateOrganization(id: $id, input: $i) { id } }', {
      id: organizationId,
      i: { name: 'Kokeiluyksikkö', kinds: ['CULTURE_PROVIDER'], municipalityCode: '837', venueType: 'OTHER', field: 'CULTURE' },
    });
    expect(updated.errors).toBeUndefined();
    expect(await authenticate(url, { session: token as string })).not.toHaveProperty('membership');
  });
});

describe('R28: an invitation carries its inviter’s authority', () => {
  it('a link from a responsible person whose role was revoked meanwhile creates no account', async () => {
    const url = sut.server.url;
    const inviter = await createPerson(sut, { password: 'inviter-password-1234', memberships: [{ role: 'REGION_ADMIN', region: R.pirkanmaa }] });
    const inviterIdentity = await identityOf(url, inviter.email, 'inviter-password-1234');
    const invitation = async (email: string) => {
      const res = await call<{ createInvitation: { link: string } }>(url, inviterIdentity, 'mutation ($i: CreateInvitationInput!) { createInvitation(input: $i) { link } }', {
        i: { email, role: 'DISTRIBUTOR', organizationId: O.tampereSocial },
      });
      expect(res.errors).toBeUndefined();
      return (res.data?.createInvitation.link ?? '').split('/').at(-1) as string;
    };
    const accept = (token: string) =>
      call(url, anonymous, 'mutation ($i: AcceptInvitationInput!) { acceptInvitation(input: $i) }', { i: { token, displayName: 'Uusi Jakaja', password: 'a-long-enough-passphrase-1' } });

    const early = await invitation(`early-${inviter.userId.slice(0, 6)}@example.test`);
    expect((await accept(early)).errors).toBeUndefined();

    const late = await invitation(`late-${inviter.userId.slice(0, 6)}@example.test`);
    expect((await national('mutation ($m: ID!) { revokeMembership(membershipId: $m) }', { m: inviter.membershipIds[0] })).errors).toBeUndefined();
    const refused = await accept(late);
    expect(refused.errors?.[0]?.extensions?.code).toBe('INVITATION_INVALID');
    expect((await call<{ users: { email: string }[] }>(url, as('NATIONAL_ADMIN'), '{ users { email } }')).data?.users.map((u) => u.email)).not.toContain(
      `late-${inviter.userId.slice(0, 6)}@example.test`,
    );
  });
});
