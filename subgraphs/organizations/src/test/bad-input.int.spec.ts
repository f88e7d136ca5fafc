import 'reflect-metadata';
import { AppError, DEMO, type Identity, type Locale, type SubgraphApp } from '@kaikukanta/kit';
import type { TestDatabase } from '@kaikukanta/kit/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { expiryInPast, scopeNotAllowed, scopesRequired } from '../modules/api-key/api-key.errors.js';
import { kindMismatch, kindsRequired, providerNeedsVenue, regionChangeRefused } from '../modules/organization/organization.errors.js';
import { invalidMunicipalityCode, invalidRegionCode, regionCodeTaken, unknownMunicipality } from '../modules/region/region.errors.js';
import { PASSWORD_MAX_LENGTH } from '../modules/user/password.js';
import {
  blankField,
  emailTaken,
  invalidEmail,
  membershipScopeInvalid,
  normaliseEmail,
  officerMunicipalityMissing,
  officerMunicipalityOutsideRegion,
  passwordRejected,
  requiredText,
} from '../modules/user/user.errors.js';
import { anonymous, call, createPerson, fingerprint, identityOf, startOrganizations } from './support.js';

/**
 * Bad input gets a clear, stable `extensions.code` (with the offending field),
 * a message in the caller's language, and changes nothing (STYLE habit 12):
 * every table of the schema has the same rows before and after.
 */

const O = DEMO.organizations;
const R = DEMO.regions;
const MEGABYTE = 'x'.repeat(1024 * 1024);
const PASSWORD = 'correct-horse-battery-1';
const NOT_FOUND = new AppError('NOT_FOUND');

let db: TestDatabase;
let sut: SubgraphApp;
let admin: Identity;
let staff: Identity;
let pendingToken: string;
let takenToken: string;

/** The error a validator throws, as the expected value of a case. */
function thrown(validate: () => unknown): AppError {
  try {
    validate();
  } catch (error) {
    if (error instanceof AppError) return error;
  }
  throw new Error('expected the validator to throw an AppError');
}

interface Case {
  name: string;
  as: () => Identity;
  document: string;
  variables?: () => Record<string, unknown>;
  expected: AppError;
}

const CREATE_ORGANIZATION = 'mutation ($i: OrganizationInput!) { createOrganization(input: $i) { id } }';
const CREATE_INVITATION = 'mutation ($i: CreateInvitationInput!) { createInvitation(input: $i) { link } }';
const ACCEPT_INVITATION = 'mutation ($i: AcceptInvitationInput!) { acceptInvitation(input: $i) }';
const LOGIN = 'mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { user { id } } }';
const organization = (overrides: Record<string, unknown>) => ({ i: { name: 'Uusi jakaja', kinds: ['DISTRIBUTOR'], municipalityCode: '837', ...overrides } });
const accept = (overrides: Record<string, unknown>) => ({ i: { token: pendingToken, displayName: 'Uusi Käyttäjä', password: PASSWORD, ...overrides } });

const CASES: Case[] = [
  // Empty and over-long names.
  { name: 'an empty organisation name', as: () => admin, document: CREATE_ORGANIZATION, variables: () => organization({ name: '   ' }), expected: blankField('name') },
  { name: 'an organisation name over 200 characters', as: () => admin, document: CREATE_ORGANIZATION, variables: () => organization({ name: 'n'.repeat(201) }), expected: thrown(() => requiredText('name', 'n'.repeat(201), 200)) },
  {
    name: 'an empty name when updating an organisation (the row stays as it was)',
    as: () => admin,
    document: `mutation ($i: OrganizationInput!) { updateOrganization(id: "${O.tampereSocial}", input: $i) { id } }`,
    variables: () => organization({ name: '' }),
    expected: blankField('name'),
  },
  { name: 'an organisation of no kind', as: () => admin, document: CREATE_ORGANIZATION, variables: () => organization({ kinds: [] }), expected: kindsRequired() },
  { name: 'a culture provider without venue type and field', as: () => admin, document: CREATE_ORGANIZATION, variables: () => organization({ kinds: ['CULTURE_PROVIDER'] }), expected: providerNeedsVenue() },
  { name: 'an empty site name', as: () => admin, document: `mutation { createSite(organizationId: "${O.tampereSocial}", input: { name: "", municipalityCode: "837" }) { id } }`, expected: blankField('name') },
  { name: 'an empty API key name', as: () => admin, document: `mutation { createApiKey(organizationId: "${O.tampereTheatre}", name: " ", scopes: [USAGE_WRITE]) { secret } }`, expected: blankField('name') },
  { name: 'an empty display name on accepting an invitation', as: () => anonymous, document: ACCEPT_INVITATION, variables: () => accept({ displayName: '' }), expected: blankField('displayName') },
  { name: 'an empty region name', as: () => admin, document: 'mutation { createRegion(input: { code: "KAINUU", nameFi: "", nameSv: "Kajanaland", nameEn: "Kainuu" }) { id } }', expected: blankField('nameFi') },
  // Unknown municipality, malformed codes, duplicates.
  { name: 'an unknown municipality', as: () => admin, document: CREATE_ORGANIZATION, variables: () => organization({ municipalityCode: '999' }), expected: unknownMunicipality() },
  { name: 'an unknown municipality of a site', as: () => admin, document: `mutation { createSite(organizationId: "${O.tampereSocial}", input: { name: "Toimipiste", municipalityCode: "X1" }) { id } }`, expected: unknownMunicipality() },
  { name: 'a malformed region code', as: () => admin, document: 'mutation { createRegion(input: { code: "k", nameFi: "Kainuu", nameSv: "Kajanaland", nameEn: "Kainuu" }) { id } }', expected: invalidRegionCode() },
  { name: 'a region code that is taken', as: () => admin, document: 'mutation { createRegion(input: { code: "pirkanmaa", nameFi: "Pirkanmaa", nameSv: "Birkaland", nameEn: "Pirkanmaa" }) { id } }', expected: regionCodeTaken() },
  { name: 'a malformed municipality code', as: () => admin, document: `mutation { saveMunicipality(input: { code: "91", nameFi: "Helsinki", nameSv: "Helsingfors", regionId: "${R.uusimaa}" }) { code } }`, expected: invalidMunicipalityCode() },
  // An organisation stays in its region: its cards' background data belongs to that region's responsible person.
  {
    name: 'moving an organisation to a municipality of another region',
    as: () => admin,
    document: `mutation ($i: OrganizationInput!) { updateOrganization(id: "${O.tampereSocial}", input: $i) { id } }`,
    variables: () => organization({ name: 'Pirkanmaan hyvinvointialue, Hervannan aikuissosiaalityö', municipalityCode: '091' }),
    expected: regionChangeRefused('municipalityCode'),
  },
  {
    name: 'moving a municipality that has organisations to another region',
    as: () => admin,
    document: `mutation { saveMunicipality(input: { code: "837", nameFi: "Tampere", nameSv: "Tammerfors", regionId: "${R.uusimaa}" }) { code } }`,
    expected: regionChangeRefused('regionId'),
  },
  // Emails.
  { name: 'a malformed email in an invitation', as: () => admin, document: CREATE_INVITATION, variables: () => ({ i: { email: 'not-an-email', role: 'DISTRIBUTOR', organizationId: O.tampereSocial } }), expected: invalidEmail() },
  { name: 'an email without a domain in an invitation', as: () => admin, document: CREATE_INVITATION, variables: () => ({ i: { email: 'someone@localhost', role: 'DISTRIBUTOR', organizationId: O.tampereSocial } }), expected: invalidEmail() },
  {
    name: 'an invitation to an email that already has an account (case and spaces do not matter)',
    as: () => admin,
    document: CREATE_INVITATION,
    variables: () => ({ i: { email: '  JAKAJA.Tampere@kaikukanta.demo ', role: 'DISTRIBUTOR', organizationId: O.tampereSocial } }),
    expected: emailTaken(),
  },
  { name: 'accepting an invitation whose email got an account meanwhile', as: () => anonymous, document: ACCEPT_INVITATION, variables: () => accept({ token: takenToken }), expected: emailTaken() },
  { name: 'a malformed email at login', as: () => anonymous, document: LOGIN, variables: () => ({ e: 'admin(at)kaikukanta.demo', p: PASSWORD }), expected: invalidEmail() },
  { name: 'a 1 MB email at login', as: () => anonymous, document: LOGIN, variables: () => ({ e: `${MEGABYTE}@kaikukanta.demo`, p: PASSWORD }), expected: invalidEmail() },
  // Passwords.
  { name: 'a 1 MB password at login (refused before hashing, not counted by the throttle)', as: () => anonymous, document: LOGIN, variables: () => ({ e: 'admin@kaikukanta.demo', p: MEGABYTE }), expected: passwordRejected('TOO_LONG') },
  { name: 'a 1 MB password on accepting an invitation', as: () => anonymous, document: ACCEPT_INVITATION, variables: () => accept({ password: MEGABYTE }), expected: passwordRejected('TOO_LONG') },
  { name: `a password of ${PASSWORD_MAX_LENGTH + 1} characters on accepting an invitation`, as: () => anonymous, document: ACCEPT_INVITATION, variables: () => accept({ password: 'p4ss-'.repeat(26).slice(0, PASSWORD_MAX_LENGTH + 1) }), expected: passwordRejected('TOO_LONG') },
  { name: 'a too short password on accepting an invitation', as: () => anonymous, document: ACCEPT_INVITATION, variables: () => accept({ password: 'short-1' }), expected: passwordRejected('TOO_SHORT') },
  { name: 'a password of one repeated character', as: () => anonymous, document: ACCEPT_INVITATION, variables: () => accept({ password: 'aaaaaaaaaaaaaaaa' }), expected: passwordRejected('TOO_SIMPLE') },
  {
    name: 'a 1 MB new password (the old one keeps working, no session ends)',
    as: () => staff,
    document: 'mutation ($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) }',
    variables: () => ({ c: PASSWORD, n: MEGABYTE }),
    expected: passwordRejected('TOO_LONG'),
  },
  // Rights and scopes.
  {
    name: 'a staff role with a region instead of an organisation',
    as: () => admin,
    document: CREATE_INVITATION,
    variables: () => ({ i: { email: 'new.person@example.test', role: 'DISTRIBUTOR', regionId: R.pirkanmaa } }),
    expected: membershipScopeInvalid(),
  },
  {
    name: "a distributor role at an organisation that is no distributor",
    as: () => admin,
    document: CREATE_INVITATION,
    variables: () => ({ i: { email: 'new.person@example.test', role: 'DISTRIBUTOR', organizationId: O.tampereTheatre } }),
    expected: membershipScopeInvalid(),
  },
  {
    name: 'decision 0022: a culture officer without a municipality',
    as: () => admin,
    document: CREATE_INVITATION,
    variables: () => ({ i: { email: 'new.officer@example.test', role: 'CULTURE_OFFICER', regionId: R.pirkanmaa } }),
    expected: officerMunicipalityMissing(),
  },
  {
    name: 'decision 0022: a culture officer of a municipality outside the region (Helsinki for Pirkanmaa)',
    as: () => admin,
    document: CREATE_INVITATION,
    variables: () => ({ i: { email: 'new.officer@example.test', role: 'CULTURE_OFFICER', regionId: R.pirkanmaa, municipalityCode: '091' } }),
    expected: officerMunicipalityOutsideRegion(),
  },
  {
    name: 'decision 0022: a culture officer of a municipality that does not exist',
    as: () => admin,
    document: `mutation { grantMembership(userId: "x", input: { role: CULTURE_OFFICER, regionId: "${R.pirkanmaa}", municipalityCode: "999" }) { id } }`,
    expected: officerMunicipalityOutsideRegion(),
  },
  {
    name: 'decision 0022: a municipality on a role that has none',
    as: () => admin,
    document: CREATE_INVITATION,
    variables: () => ({ i: { email: 'new.person@example.test', role: 'REGION_ADMIN', regionId: R.pirkanmaa, municipalityCode: '837' } }),
    expected: membershipScopeInvalid(),
  },
  { name: 'R18: linking a distributor as a ticket agent', as: () => admin, document: `mutation { linkTicketAgent(agentId: "${O.tampereSocial}", providerId: "${O.tampereTheatre}") }`, expected: kindMismatch() },
  { name: 'an API key without scopes', as: () => admin, document: `mutation { createApiKey(organizationId: "${O.tampereTheatre}", name: "Kassa", scopes: []) { secret } }`, expected: scopesRequired() },
  {
    name: 'an API key that expired before it was made',
    as: () => admin,
    document: `mutation { createApiKey(organizationId: "${O.tampereTheatre}", name: "Kassa", scopes: [USAGE_WRITE], expiresAt: "2020-01-01T00:00:00Z") { secret } }`,
    expected: expiryInPast(),
  },
  {
    name: "I1: a distributor's API key with a partner scope",
    as: () => admin,
    document: `mutation { createApiKey(organizationId: "${O.tampereSocial}", name: "Kassa", scopes: [USAGE_WRITE, CARD_STATUS_READ]) { secret } }`,
    expected: scopeNotAllowed(['USAGE_WRITE', 'CARD_STATUS_READ']),
  },
  {
    name: "I1: a ticket agent's API key that writes events",
    as: () => admin,
    document: `mutation { createApiKey(organizationId: "${O.lippupiste}", name: "Kassa", scopes: [USAGE_WRITE, EVENTS_WRITE]) { secret } }`,
    expected: scopeNotAllowed(['EVENTS_WRITE']),
  },
  // Ids that cannot exist: NOT_FOUND, never an internal error.
  { name: 'a malformed organisation id', as: () => admin, document: 'mutation { updateOrganization(id: "not-a-uuid", input: { name: "X", kinds: [DISTRIBUTOR], municipalityCode: "837" }) { id } }', expected: NOT_FOUND },
  { name: 'a malformed membership id', as: () => staff, document: 'mutation { selectMembership(membershipId: "1") { user { id } } }', expected: NOT_FOUND },
  { name: 'a malformed user id', as: () => admin, document: `mutation { grantMembership(userId: "x", input: { role: DISTRIBUTOR, organizationId: "${O.tampereSocial}" }) { id } }`, expected: NOT_FOUND },
  { name: 'a malformed organisation id in a scope', as: () => admin, document: 'mutation { grantMembership(userId: "x", input: { role: DISTRIBUTOR, organizationId: "x" }) { id } }', expected: new AppError('NOT_FOUND', { details: { field: 'organizationId' } }) },
  { name: 'a malformed API key id', as: () => admin, document: 'mutation { revokeApiKey(id: "x") { id } }', expected: NOT_FOUND },
  { name: 'a malformed organisation id for keys', as: () => admin, document: '{ apiKeys(organizationId: "x") { id } }', expected: NOT_FOUND },
  { name: 'a malformed invitation id', as: () => admin, document: 'mutation { revokeInvitation(id: "x") }', expected: NOT_FOUND },
  { name: 'a malformed site id', as: () => admin, document: 'mutation { setSiteActive(id: "x", active: false) { id } }', expected: NOT_FOUND },
  { name: 'a malformed region id', as: () => admin, document: 'mutation { updateRegion(id: "x", input: { code: "X_X", nameFi: "X", nameSv: "X", nameEn: "X" }) { id } }', expected: NOT_FOUND },
];

beforeAll(async () => {
  ({ db, sut } = await startOrganizations(inject('pgAdminUrl')));
  const url = sut.server.url;
  admin = await identityOf(url, 'admin@kaikukanta.demo', DEMO.password);
  const person = await createPerson(sut, { password: PASSWORD, memberships: [{ role: 'DISTRIBUTOR', organization: O.tampereSocial }] });
  staff = await identityOf(url, person.email, PASSWORD);
  const invite = async (email: string) => {
    const res = await call<{ createInvitation: { link: string } }>(url, admin, CREATE_INVITATION, { i: { email, role: 'DISTRIBUTOR', organizationId: O.tampereSocial } });
    return (res.data?.createInvitation.link ?? '').replace('/invitation/', '');
  };
  pendingToken = await invite('pending.person@example.test');
  takenToken = await invite('taken.meanwhile@example.test');
  await createPerson(sut, { email: 'taken.meanwhile@example.test' });
}, 60_000);

afterAll(async () => {
  await sut?.close();
  await db?.drop();
});

describe('bad input: a clear coded error in the caller’s language, and nothing changes', () => {
  it.each(CASES)('$name → $expected.code', async ({ as, document, variables, expected }) => {
    const before = await fingerprint(sut);
    for (const locale of ['fi', 'sv', 'en'] as Locale[]) {
      const res = await call(sut.server.url, as(), document, variables?.() ?? {}, { locale });
      expect(res.status).toBe(200);
      expect(res.errors).toHaveLength(1);
      const [error] = res.errors ?? [];
      expect(error?.extensions).toEqual({ code: expected.code, ...(expected.details ? { details: expected.details } : {}) });
      expect(error?.message).toBe(expected.messages[locale]);
      expect(JSON.stringify(res)).not.toContain('xxxxxxxxxx');
    }
    expect(await fingerprint(sut)).toEqual(before);
  });

  it('messages differ by language: the three are real translations, not one string', () => {
    for (const { expected } of CASES) {
      expect(new Set(Object.values(expected.messages)).size, expected.code).toBe(3);
    }
  });

  it('a malformed id in a query is simply not found: null or an empty list, not an internal error', async () => {
    const res = await call<{ organization: unknown; region: unknown; organizations: unknown[]; _entities: unknown[] }>(
      sut.server.url,
      anonymous,
      '{ organization(id: "x") { id } region(id: "x") { id } organizations(regionId: "x") { id } _entities(representations: [{ __typename: "Organization", id: "x" }]) { ... on Organization { id } } }',
    );
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ organization: null, region: null, organizations: [], _entities: [null] });
  });

  it('normalises what it accepts: an invited email is trimmed and lower-cased', () => {
    expect(normaliseEmail('  Matti.Meikalainen@Example.FI ')).toBe('matti.meikalainen@example.fi');
  });
});
