import { describe, expect, it } from 'vitest';
import { AppError } from './errors.js';
import type { ActiveMembership, Identity, Role } from './identity.js';
import {
  actsFor,
  administersRegion,
  hasRole,
  isAuthenticated,
  isNationalAdmin,
  isNationalAnalyst,
  membershipOf,
  requireActor,
  requireOrganization,
  requirePerson,
} from './access.js';

const ORG = '00000000-0000-4000-8000-0000000000a1';
const OTHER_ORG = '00000000-0000-4000-8000-0000000000a2';
const REGION = '00000000-0000-4000-8000-0000000000b1';
const OTHER_REGION = '00000000-0000-4000-8000-0000000000b2';

const anonymous: Identity = { kind: 'anonymous' };
const noMembership: Identity = { kind: 'user', userId: 'u-none', sessionId: 's-none' };
const person = (role: Role, scope: Omit<ActiveMembership, 'id' | 'role'> = {}): Identity => ({
  kind: 'user',
  userId: `u-${role}`,
  sessionId: `s-${role}`,
  membership: { id: `m-${role}`, role, ...scope },
});
const apiKey = (scopes: string[] = []): Identity => ({ kind: 'apiKey', apiKeyId: 'k-1', organizationId: ORG, regionId: REGION, scopes });

const nationalAdmin = person('NATIONAL_ADMIN');
const regionAdmin = person('REGION_ADMIN', { regionId: REGION });
const distributor = person('DISTRIBUTOR', { organizationId: ORG, regionId: REGION });

/** The thrown AppError, so a test can check its code and that its message names nothing of the request. */
function thrown(act: () => unknown): AppError {
  try {
    act();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

function expectBareError(error: AppError, code: string): void {
  expect(error.code).toBe(code);
  expect(error.details).toBeUndefined();
  for (const message of [error.message, ...Object.values(error.messages)]) {
    for (const secret of [ORG, REGION, 'u-', 'm-', 'k-1', 'CARD_STATUS_READ', 'DISTRIBUTOR', 'ANALYST']) expect(message).not.toContain(secret);
  }
}

describe('requireActor: who acts, or UNAUTHENTICATED/FORBIDDEN', () => {
  it('answers UNAUTHENTICATED to an anonymous caller, whatever is admitted', () => {
    expectBareError(thrown(() => requireActor(anonymous)), 'UNAUTHENTICATED');
    expectBareError(thrown(() => requireActor(anonymous, { apiKeys: true })), 'UNAUTHENTICATED');
  });

  it('answers FORBIDDEN to a person without an active membership', () => {
    expectBareError(thrown(() => requireActor(noMembership)), 'FORBIDDEN');
  });

  it('answers FORBIDDEN to a role outside `roles`, and admits any role without it', () => {
    expectBareError(thrown(() => requireActor(distributor, { roles: ['NATIONAL_ADMIN', 'REGION_ADMIN'] })), 'FORBIDDEN');
    expect(requireActor(distributor, { roles: ['DISTRIBUTOR'] }).membership.role).toBe('DISTRIBUTOR');
    expect(requireActor(person('ANALYST')).membership.role).toBe('ANALYST');
  });

  it('returns the person and the membership they act in, without the session', () => {
    expect(requireActor(distributor)).toEqual({
      kind: 'user',
      userId: 'u-DISTRIBUTOR',
      membership: { id: 'm-DISTRIBUTOR', role: 'DISTRIBUTOR', organizationId: ORG, regionId: REGION },
    });
  });

  it('refuses partner systems by default, admits them with `apiKeys: true`, and by scope with `apiKeys: { scope }`', () => {
    expectBareError(thrown(() => requireActor(apiKey(['CARD_STATUS_READ']))), 'FORBIDDEN');
    expectBareError(thrown(() => requireActor(apiKey(['CARD_STATUS_READ']), { roles: ['DISTRIBUTOR'] })), 'FORBIDDEN');
    expect(requireActor(apiKey(), { apiKeys: true })).toMatchObject({ kind: 'apiKey', organizationId: ORG });
    expect(requireActor(apiKey(['CARD_STATUS_READ']), { apiKeys: { scope: 'CARD_STATUS_READ' } }).kind).toBe('apiKey');
    expectBareError(thrown(() => requireActor(apiKey(['USAGE_WRITE']), { apiKeys: { scope: 'CARD_STATUS_READ' } })), 'FORBIDDEN');
  });

  it('applies `roles` to people even when partner systems are admitted', () => {
    expectBareError(thrown(() => requireActor(distributor, { roles: ['TICKET_AGENT'], apiKeys: true })), 'FORBIDDEN');
  });
});

describe('requirePerson: a signed-in person, with or without a membership', () => {
  it('answers UNAUTHENTICATED to anonymous callers and FORBIDDEN to partner systems', () => {
    expectBareError(thrown(() => requirePerson(anonymous)), 'UNAUTHENTICATED');
    expectBareError(thrown(() => requirePerson(apiKey(['CARD_STATUS_READ']))), 'FORBIDDEN');
  });

  it('returns the identity of a person, session included, even without a membership', () => {
    expect(requirePerson(noMembership)).toEqual(noMembership);
    expect(requirePerson(distributor)).toBe(distributor);
  });
});

describe('requireOrganization: the organisation an actor works for', () => {
  it('is the membership organisation of a person, or the key organisation of a partner system', () => {
    expect(requireOrganization(requireActor(distributor))).toBe(ORG);
    expect(requireOrganization(requireActor(apiKey(), { apiKeys: true }))).toBe(ORG);
  });

  it('answers FORBIDDEN for regional and national memberships', () => {
    expectBareError(thrown(() => requireOrganization(requireActor(regionAdmin))), 'FORBIDDEN');
    expectBareError(thrown(() => requireOrganization(requireActor(nationalAdmin))), 'FORBIDDEN');
  });
});

describe('scope predicates', () => {
  it('isAuthenticated: anyone but the anonymous caller', () => {
    expect([anonymous, noMembership, distributor, apiKey()].map(isAuthenticated)).toEqual([false, true, true, true]);
  });

  it('membershipOf: only a person in a membership has one', () => {
    expect(membershipOf(distributor)?.role).toBe('DISTRIBUTOR');
    expect([anonymous, noMembership, apiKey()].map(membershipOf)).toEqual([null, null, null]);
  });

  it('hasRole: a person in one of the roles, never a key or a person without a membership', () => {
    expect(hasRole(distributor, 'TICKET_AGENT', 'DISTRIBUTOR')).toBe(true);
    expect(hasRole(distributor, 'TICKET_AGENT')).toBe(false);
    expect(hasRole(apiKey(), 'DISTRIBUTOR')).toBe(false);
    expect(hasRole(noMembership, 'DISTRIBUTOR')).toBe(false);
  });

  it('isNationalAdmin: the national support service only', () => {
    expect([nationalAdmin, regionAdmin, distributor, apiKey(), anonymous].map(isNationalAdmin)).toEqual([true, false, false, false, false]);
    expect(isNationalAdmin(requireActor(nationalAdmin))).toBe(true);
  });

  it('isNationalAnalyst: an analyst without a region', () => {
    expect(isNationalAnalyst(person('ANALYST'))).toBe(true);
    expect(isNationalAnalyst(person('ANALYST', { regionId: REGION }))).toBe(false);
    expect(isNationalAnalyst(nationalAdmin)).toBe(false);
  });

  it('administersRegion: national admins everywhere, a responsible person in their own region only', () => {
    expect(administersRegion(nationalAdmin, REGION)).toBe(true);
    expect(administersRegion(nationalAdmin, null)).toBe(true);
    expect(administersRegion(regionAdmin, REGION)).toBe(true);
    expect(administersRegion(regionAdmin, OTHER_REGION)).toBe(false);
    expect(administersRegion(regionAdmin, null)).toBe(false);
    expect(administersRegion(person('REGION_ADMIN'), undefined)).toBe(false);
    expect(administersRegion(distributor, REGION)).toBe(false);
    expect(administersRegion(person('ANALYST', { regionId: REGION }), REGION)).toBe(false);
    expect(administersRegion(apiKey(), REGION)).toBe(false);
  });

  it('actsFor: staff of the organisation in any role, or its partner system; nobody else', () => {
    expect(actsFor(distributor, ORG)).toBe(true);
    expect(actsFor(person('TICKET_AGENT', { organizationId: ORG }), ORG)).toBe(true);
    expect(actsFor(apiKey(), ORG)).toBe(true);
    expect(actsFor(distributor, OTHER_ORG)).toBe(false);
    expect(actsFor(apiKey(), OTHER_ORG)).toBe(false);
    expect(actsFor(nationalAdmin, ORG)).toBe(false);
    expect(actsFor(regionAdmin, ORG)).toBe(false);
    expect(actsFor(anonymous, ORG)).toBe(false);
  });
});
