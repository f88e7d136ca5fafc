import { DEMO, IDENTITY_HEADER } from '@kaikukanta/kit';
import { gatewayToken } from '@kaikukanta/kit/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { gatewayRequest, startE2ESystem, type E2ESystem, type GatewayResult } from './support.ts';

/**
 * Access through the real gateway and subgraph processes: session cookies,
 * membership choice, partner keys, the gateway's refusal of client-sent
 * identities, logout, key revocation and the login throttle (R28,
 * ARCHITECTURE "Security model").
 */

let sut: E2ESystem;

beforeAll(async () => {
  sut = await startE2ESystem(inject('pgAdminUrl'));
});

afterAll(async () => {
  await sut?.teardown();
});

type Result<T> = GatewayResult<T>;

const gql = <T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
  gatewayRequest<T>(sut.graphqlUrl, query, variables, headers);

const LOGIN = 'mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { user { email } activeMembership { id role } } }';
const ME = '{ me { user { email memberships { id role organization { id } } } activeMembership { id role organization { id } region { code } } } }';

/** The session cookie the gateway set, as the browser would send it back. */
function cookieFrom(res: Result<unknown>): string {
  const setCookie = res.headers.get('set-cookie') ?? '';
  const pair = setCookie.split(';')[0] ?? '';
  if (!pair.startsWith('kk_session=') || pair === 'kk_session=') throw new Error(`no session cookie in ${JSON.stringify(setCookie)}`);
  return pair;
}

async function loginCookie(email: string, password: string = DEMO.password): Promise<string> {
  return cookieFrom(await gql(LOGIN, { e: email, p: password }));
}

type Me = { me: { user: { email: string; memberships: { id: string; role: string; organization: { id: string } | null }[] }; activeMembership: { id: string; role: string; organization: { id: string } | null; region: { code: string } | null } | null } | null };

describe('people: session cookie, me, membership choice', () => {
  it('R28: login sets an HttpOnly SameSite session cookie and the token appears nowhere else', async () => {
    const res = await gql<{ login: { user: { email: string } } }>(LOGIN, { e: 'vastuuhenkilo.pirkanmaa@kaikukanta.demo', p: DEMO.password });
    expect(res.errors).toBeUndefined();
    expect(res.data?.login.user.email).toBe('vastuuhenkilo.pirkanmaa@kaikukanta.demo');
    const setCookie = res.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^kk_session=[A-Za-z0-9_-]{43}; /);
    expect(setCookie).toMatch(/; HttpOnly(;|$)/);
    expect(setCookie).toMatch(/; SameSite=Strict(;|$)/);
    expect(setCookie).toMatch(/; Path=\/(;|$)/);
    const token = cookieFrom(res).slice('kk_session='.length);
    expect(JSON.stringify(res.data)).not.toContain(token);
    expect(res.headers.get('x-kaikukanta-session')).toBeNull();
  });

  it('`me` with that cookie returns the person, acting in their only membership', async () => {
    const cookie = await loginCookie('vastuuhenkilo.pirkanmaa@kaikukanta.demo');
    const res = await gql<Me>(ME, {}, { cookie });
    expect(res.errors).toBeUndefined();
    expect(res.data?.me?.user.email).toBe('vastuuhenkilo.pirkanmaa@kaikukanta.demo');
    expect(res.data?.me?.activeMembership).toMatchObject({ role: 'REGION_ADMIN', region: { code: 'PIRKANMAA' } });
    expect((await gql<Me>(ME)).data?.me).toBeNull();
  });

  it('a person with several memberships acts in none until selectMembership, and then every subgraph sees the choice', async () => {
    const cookie = await loginCookie('monirooli@kaikukanta.demo');
    const before = await gql<Me>(ME, {}, { cookie });
    expect(before.data?.me?.activeMembership).toBeNull();
    expect(before.data?.me?.user.memberships).toHaveLength(2);
    // The cards subgraph enforces its own access: no membership chosen, no distributor's cards.
    expect((await gql('{ myOrganizationsCards { code } }', {}, { cookie })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const distributor = before.data?.me?.user.memberships.find((m) => m.role === 'DISTRIBUTOR');
    const chosen = await gql<{ selectMembership: { activeMembership: { id: string } } }>(
      'mutation ($m: ID!) { selectMembership(membershipId: $m) { activeMembership { id } } }',
      { m: distributor?.id },
      { cookie },
    );
    expect(chosen.data?.selectMembership.activeMembership.id).toBe(distributor?.id);
    const after = await gql<Me>(ME, {}, { cookie });
    expect(after.data?.me?.activeMembership).toMatchObject({ id: distributor?.id, role: 'DISTRIBUTOR', organization: { id: DEMO.organizations.helsinkiSocial } });
    expect((await gql('{ myOrganizationsCards { code } }', {}, { cookie })).errors).toBeUndefined();
  });

  it('logout clears the cookie, and the old cookie no longer works', async () => {
    const cookie = await loginCookie('jakaja.tampere@kaikukanta.demo');
    expect((await gql<Me>(ME, {}, { cookie })).data?.me?.user.email).toBe('jakaja.tampere@kaikukanta.demo');
    const res = await gql<{ logout: boolean }>('mutation { logout }', {}, { cookie });
    expect(res.data?.logout).toBe(true);
    expect(res.headers.get('set-cookie')).toMatch(/^kk_session=; Max-Age=0; .*HttpOnly/);
    expect((await gql<Me>(ME, {}, { cookie })).data?.me).toBeNull();
    expect((await gql('{ myOrganizationsCards { code } }', {}, { cookie })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('changePassword ends the session (the cookie is cleared) and only the new password logs in', async () => {
    const email = 'vastuuhenkilo.uusimaa@kaikukanta.demo';
    const cookie = await loginCookie(email);
    const next = 'uusi-salasana-Kaikukortti-2027';
    const res = await gql<{ changePassword: boolean }>('mutation ($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) }', { c: DEMO.password, n: next }, { cookie });
    expect(res.data?.changePassword).toBe(true);
    expect(res.headers.get('set-cookie')).toMatch(/^kk_session=; Max-Age=0/);
    expect((await gql<Me>(ME, {}, { cookie })).data?.me).toBeNull();
    expect((await gql(LOGIN, { e: email, p: DEMO.password })).errors?.[0]?.extensions?.code).toBe('INVALID_CREDENTIALS');
    expect(await loginCookie(email, next)).toMatch(/^kk_session=/);
  });
});

describe('partner systems: Authorization: Bearer <key>', () => {
  const CURRENT_KEY = '{ currentApiKey { prefix scopes organization { id name } } me { user { id } } }';

  it('a live key acts as its organisation', async () => {
    const res = await gql<{ currentApiKey: { prefix: string; scopes: string[]; organization: { id: string } }; me: unknown }>(CURRENT_KEY, {}, { authorization: `Bearer ${DEMO.apiKey}` });
    expect(res.errors).toBeUndefined();
    expect(res.data?.currentApiKey).toMatchObject({ prefix: 'demo0001', scopes: ['CARD_STATUS_READ', 'USAGE_WRITE'], organization: { id: DEMO.organizations.lippupiste } });
    expect(res.data?.me).toBeNull();
  });

  it('an unknown key is refused at the gateway with 401 UNAUTHENTICATED, in the caller’s language', async () => {
    const res = await gql(CURRENT_KEY, {}, { authorization: 'Bearer kk_nosuchk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', 'accept-language': 'en' });
    expect(res.status).toBe(401);
    expect(res.errors?.[0]).toMatchObject({ message: 'The API key is invalid, expired or revoked.', extensions: { code: 'UNAUTHENTICATED' } });
    expect(res.data ?? null).toBeNull();
  });

  it('a revoked key stops working within the identity cache time (10 s), well within a minute', async () => {
    const cookie = await loginCookie('admin@kaikukanta.demo');
    const create = 'mutation { createApiKey(organizationId: "' + DEMO.organizations.lippupiste + '", name: "E2E key", scopes: [USAGE_WRITE]) { secret apiKey { id } } }';
    const created = (await gql<{ createApiKey: { secret: string; apiKey: { id: string } } }>(create, {}, { cookie })).data?.createApiKey;
    const unused = (await gql<{ createApiKey: { secret: string; apiKey: { id: string } } }>(create, {}, { cookie })).data?.createApiKey;
    if (!created || !unused) throw new Error('could not create keys');
    const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
    expect((await gql(CURRENT_KEY, {}, bearer(created.secret))).status).toBe(200);

    const revoke = 'mutation ($id: ID!) { revokeApiKey(id: $id) { revokedAt } }';
    expect((await gql(revoke, { id: created.apiKey.id }, { cookie })).errors).toBeUndefined();
    expect((await gql(revoke, { id: unused.apiKey.id }, { cookie })).errors).toBeUndefined();
    // Never seen by the gateway: refused at once.
    expect((await gql(CURRENT_KEY, {}, bearer(unused.secret))).status).toBe(401);
    // Seen a moment ago: refused as soon as the gateway's cached identity expires.
    const revokedAt = Date.now();
    let status = 200;
    while (status === 200 && Date.now() - revokedAt < 20_000) {
      status = (await gql(CURRENT_KEY, {}, bearer(created.secret))).status;
      if (status === 200) await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(status).toBe(401);
    expect(Date.now() - revokedAt).toBeLessThan(15_000);
  });
});

describe('the gateway alone vouches for callers', () => {
  it('ignores a client-sent x-kaikukanta-identity header, even one signed with the right key for the right subgraph', async () => {
    const forged = await gatewayToken({ kind: 'user', userId: DEMO.users.admin, sessionId: DEMO.users.admin, membership: { id: DEMO.users.admin, role: 'NATIONAL_ADMIN' } }, 'organizations');
    const anonymous = await gql('{ users { email } }', {}, { [IDENTITY_HEADER]: forged });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(anonymous.data ?? null).toBeNull();

    const cookie = await loginCookie('jakaja.tampere@kaikukanta.demo');
    const distributor = await gql('{ users { email } }', {}, { cookie, [IDENTITY_HEADER]: forged });
    expect(distributor.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(JSON.stringify(distributor)).not.toContain('@kaikukanta.demo');
  });
});

describe('brute force through the gateway', () => {
  it('R28: aliased logins in one request are one attempt, and the 11th attempt is refused even with the right password', async () => {
    const email = 'analyytikko@kaikukanta.demo';
    const aliases = (password: string, n: number) =>
      `mutation { ${Array.from({ length: n }, (_, i) => `a${i}: login(email: "${email}", password: "${password}") { user { email } }`).join(' ')} }`;
    for (let attempt = 1; attempt <= 10; attempt++) {
      const res = await gql(aliases('wrong-password-123', 5));
      expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['INVALID_CREDENTIALS']);
    }
    const res = await gql(aliases(DEMO.password, 5), {}, { 'accept-language': 'sv' });
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['RATE_LIMITED']);
    expect(res.errors?.[0]?.message).toBe('För många misslyckade inloggningar. Försök igen senare.');
    expect(res.headers.get('set-cookie')).toBeNull();
  });
});
