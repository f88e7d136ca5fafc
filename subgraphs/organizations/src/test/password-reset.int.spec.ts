import 'reflect-metadata';
import { DEMO, type Identity, type SubgraphApp } from '@kaikukanta/kit';
import type { TestDatabase } from '@kaikukanta/kit/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PasswordResetEntity } from '../modules/user/password-reset.entity.js';
import { anonymous, authenticate, call, createPerson, identityOf, login, startOrganizations } from './support.js';

/** Forgotten passwords, one's own roles and a readable audit log (issue 8; R28). */

const O = DEMO.organizations;
const OLD = 'staff-password-1234';
const NEW = 'Uusi-salasana-kulttuuriin-7';

let db: TestDatabase;
let sut: SubgraphApp;
let national: Identity;
let pirkanmaa: Identity;

const ISSUE = 'mutation ($u: ID!) { issuePasswordReset(userId: $u) { link expiresAt } }';
const RESET = 'mutation ($i: ResetPasswordInput!) { resetPassword(input: $i) }';
const tokenOf = (link: string | undefined) => (link ?? '').replace('/reset/', '');

async function issue(by: Identity, userId: string) {
  const res = await call<{ issuePasswordReset: { link: string; expiresAt: string } }>(sut.server.url, by, ISSUE, { u: userId });
  return { res, token: tokenOf(res.data?.issuePasswordReset.link) };
}
const reset = (token: string, password: string) => call<{ resetPassword: boolean }>(sut.server.url, anonymous, RESET, { i: { token, password } });
const tampereStaff = () => createPerson(sut, { password: OLD, memberships: [{ role: 'DISTRIBUTOR', organization: O.tampereSocial }] });

beforeAll(async () => {
  ({ db, sut } = await startOrganizations(inject('pgAdminUrl')));
  national = await identityOf(sut.server.url, 'admin@kaikukanta.demo', DEMO.password);
  pirkanmaa = await identityOf(sut.server.url, 'vastuuhenkilo.pirkanmaa@kaikukanta.demo', DEMO.password);
}, 60_000);

afterAll(async () => {
  await sut?.close();
  await db?.drop();
});

describe('R28: a responsible person issues a one-time password reset link', () => {
  it('the link sets a new password once (same policy), ends every session of the person, and both steps are audited', async () => {
    const person = await tampereStaff();
    const before = await login(sut.server.url, person.email, OLD);
    expect(before.token).toBeTruthy();

    const { res, token } = await issue(pirkanmaa, person.userId);
    expect(res.errors).toBeUndefined();
    expect(res.data?.issuePasswordReset.link).toMatch(/^\/reset\/[A-Za-z0-9_-]{20,}$/);
    const hours = (Date.parse(res.data?.issuePasswordReset.expiresAt ?? '') - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(23.9);
    expect(hours).toBeLessThanOrEqual(24);

    const shown = await call<{ passwordReset: { email: string } | null }>(sut.server.url, anonymous, '{ passwordReset(token: $t) { email } }'.replace('(token: $t)', `(token: "${token}")`));
    expect(shown.data?.passwordReset).toEqual({ email: person.email });

    const weak = await reset(token, 'short');
    expect(weak.errors?.[0]?.extensions).toMatchObject({ code: 'WEAK_PASSWORD', details: { field: 'password', reason: 'TOO_SHORT' } });

    const done = await reset(token, NEW);
    expect(done.errors).toBeUndefined();
    expect(done.data?.resetPassword).toBe(true);
    expect(await authenticate(sut.server.url, { session: before.token ?? '' })).toBeNull();
    expect((await login(sut.server.url, person.email, OLD)).token).toBeNull();
    expect((await login(sut.server.url, person.email, NEW)).token).toBeTruthy();

    const again = await reset(token, `${NEW}-again`);
    expect(again.errors?.[0]?.extensions?.code).toBe('PASSWORD_RESET_INVALID');

    const audit = await call<{ auditLog: { action: string; actorName: string | null; targetName: string | null }[] }>(
      sut.server.url,
      pirkanmaa,
      '{ auditLog(limit: 10, personId: "' + person.userId + '") { action actorName targetName } }',
    );
    expect(audit.data?.auditLog).toEqual([
      { action: 'PASSWORD_RESET_USED', actorName: 'Test Person', targetName: 'Test Person' },
      { action: 'PASSWORD_RESET_ISSUED', actorName: 'Pirkanmaan vastuuhenkilö', targetName: 'Test Person' },
    ]);
  });

  it("a responsible person may not take over someone who also works in another region, nor a fellow administrator; national admins may; nobody resets their own", async () => {
    const both = await createPerson(sut, {
      password: OLD,
      memberships: [
        { role: 'DISTRIBUTOR', organization: O.tampereSocial },
        { role: 'DISTRIBUTOR', organization: O.helsinkiSocial },
      ],
    });
    expect((await issue(pirkanmaa, both.userId)).res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await issue(pirkanmaa, DEMO.users.admin)).res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await issue(pirkanmaa, DEMO.users.pirkanmaaAdmin)).res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await issue(national, DEMO.users.admin)).res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await issue(national, both.userId)).res.errors).toBeUndefined();
    expect((await issue(national, '0a6c1a5e-dead-4000-8000-00000000beef')).res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('a newer link ends the earlier one, and an expired link does nothing', async () => {
    const person = await tampereStaff();
    const first = await issue(pirkanmaa, person.userId);
    const second = await issue(pirkanmaa, person.userId);
    expect((await reset(first.token, NEW)).errors?.[0]?.extensions?.code).toBe('PASSWORD_RESET_INVALID');

    await sut.orm.em.fork().nativeUpdate(PasswordResetEntity, { user: person.userId, usedAt: null, revokedAt: null }, { expiresAt: new Date(Date.now() - 1000) });
    const shown = await call<{ passwordReset: unknown }>(sut.server.url, anonymous, `{ passwordReset(token: "${second.token}") { email } }`);
    expect(shown.data?.passwordReset).toBeNull();
    expect((await reset(second.token, NEW)).errors?.[0]?.extensions?.code).toBe('PASSWORD_RESET_INVALID');
    expect((await login(sut.server.url, person.email, OLD)).token).toBeTruthy();
  });
});

describe('R28: nobody removes their own role', () => {
  it('revoking one of one\'s own memberships is refused with OWN_MEMBERSHIP and changes nothing', async () => {
    const membershipId = national.kind === 'user' ? national.membership?.id : undefined;
    const res = await call(sut.server.url, national, 'mutation ($m: ID!) { revokeMembership(membershipId: $m) }', { m: membershipId }, { locale: 'sv' });
    expect(res.errors?.[0]?.extensions?.code).toBe('OWN_MEMBERSHIP');
    expect(res.errors?.[0]?.message).toBe('Du kan inte ta bort din egen roll. Be en annan administratör göra det.');
    expect(await authenticate(sut.server.url, { session: (await login(sut.server.url, 'admin@kaikukanta.demo', DEMO.password)).token ?? '' })).toMatchObject({
      membership: { id: membershipId },
    });
  });
});

describe('R28: the audit log names people and things and is filtered by the server', () => {
  const LOG = `query ($action: AuditAction, $personId: ID, $from: DateTimeISO, $to: DateTimeISO) {
    auditLog(limit: 50, action: $action, personId: $personId, from: $from, to: $to) { action role actorName targetType targetName at }
  }`;
  type Row = { action: string; role: string | null; actorName: string | null; targetType: string; targetName: string | null; at: string };
  const log = (by: Identity, variables: Record<string, unknown>) => call<{ auditLog: Row[] }>(sut.server.url, by, LOG, variables);

  it('a grant reads as who gave which role to whom, where; and the filters narrow by action, person and period', async () => {
    const person = await createPerson(sut);
    const granted = await call(sut.server.url, pirkanmaa, 'mutation ($u: ID!, $i: MembershipScopeInput!) { grantMembership(userId: $u, input: $i) { id } }', {
      u: person.userId,
      i: { role: 'CULTURE_PROVIDER', organizationId: O.tampereTheatre },
    });
    expect(granted.errors).toBeUndefined();

    const mine = await log(pirkanmaa, { action: 'MEMBERSHIP_GRANTED', personId: person.userId });
    expect(mine.data?.auditLog).toHaveLength(1);
    expect(mine.data?.auditLog[0]).toMatchObject({ action: 'MEMBERSHIP_GRANTED', role: 'CULTURE_PROVIDER', actorName: 'Pirkanmaan vastuuhenkilö', targetType: 'Membership' });
    expect(mine.data?.auditLog[0]?.targetName).toMatch(/^Test Person \(.+\)$/);

    expect((await log(pirkanmaa, { action: 'MEMBERSHIP_REVOKED', personId: person.userId })).data?.auditLog).toEqual([]);
    const at = Date.parse(mine.data?.auditLog[0]?.at ?? '');
    const minute = 60_000;
    expect((await log(pirkanmaa, { personId: person.userId, from: new Date(at - minute).toISOString(), to: new Date(at + minute).toISOString() })).data?.auditLog).toHaveLength(1);
    expect((await log(pirkanmaa, { personId: person.userId, from: new Date(at + minute).toISOString() })).data?.auditLog).toEqual([]);
    expect((await log(pirkanmaa, { personId: person.userId, to: new Date(at - minute).toISOString() })).data?.auditLog).toEqual([]);
    // Another region's responsible person sees none of it, filter or not.
    const uusimaa = await identityOf(sut.server.url, 'vastuuhenkilo.uusimaa@kaikukanta.demo', DEMO.password);
    expect((await log(uusimaa, { personId: person.userId })).data?.auditLog).toEqual([]);
  });

  it('refuses a malformed person and a reversed period with coded errors', async () => {
    const bad = await log(national, { personId: 'not-a-uuid' });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'personId' } });
    const reversed = await log(national, { from: '2026-12-02T00:00:00Z', to: '2026-12-01T00:00:00Z' });
    expect(reversed.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'from', reason: 'PERIOD_REVERSED' } });
  });
});
