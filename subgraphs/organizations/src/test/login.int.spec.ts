import 'reflect-metadata';
import { DEMO, SESSION_CHANGED_HEADER, type Identity, type Locale, type SubgraphApp } from '@kaikukanta/kit';
import { testConfigEnv, type TestDatabase } from '@kaikukanta/kit/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ACCOUNT_FAILURE_LIMIT, ADDRESS_FAILURE_LIMIT, LOCK_SECONDS } from '../modules/session/throttle.repository.js';
import { tokenHash } from '../modules/session/tokens.js';
import { createApp } from '../app.js';
import { DEFAULT_SESSION_IDLE_TIMEOUT_MS, loadConfig } from '../config.js';
import { ARGON2_PARAMS, hashPassword } from '../modules/user/password.js';
import { derivations } from '../modules/user/password-gate.js';
import { invalidCredentials, loginThrottled, passwordCheckBusy } from '../modules/user/user.errors.js';
import { anonymous, authenticate, call, createPerson, identityOf, login, restartOrganizations, startOrganizations } from './support.js';

/**
 * Login, sessions and the brute-force throttle (issue "Login"; R28: an
 * organisation's credentials are known only to its staff). Requests are made
 * as the gateway makes them, session tokens resolved as the gateway resolves them.
 */

const PASSWORD = 'correct-horse-battery-1';
const WRONG = 'wrong-horse-battery-1';
const R = DEMO.regions;
const O = DEMO.organizations;

let db: TestDatabase;
let sut: SubgraphApp;
let url: string;

beforeAll(async () => {
  ({ db, sut } = await startOrganizations(inject('pgAdminUrl')));
  url = sut.server.url;
});

afterAll(async () => {
  await sut?.close();
  await db?.drop();
});

const person = (memberships: { role: 'DISTRIBUTOR' | 'CULTURE_PROVIDER'; organization: string }[] = [{ role: 'DISTRIBUTOR', organization: O.tampereSocial }]) =>
  createPerson(sut, { password: PASSWORD, memberships });
const code = (res: { errors?: { extensions?: Record<string, unknown> }[] }) => res.errors?.[0]?.extensions?.code;
const sessionsOf = async (userId: string) =>
  Number((await sut.orm.em.getConnection().execute('select count(*) as n from organizations.session where user_id = ?', [userId]))[0]?.n);
/** Lets the lock of an account pass without waiting 15 minutes. */
const expireLock = (email: string) =>
  sut.orm.em.getConnection().execute("update organizations.login_throttle set locked_until = now() - interval '1 second' where key = ?", [`account:${tokenHash(email)}`]);

/** Ten wrong passwords in a row, in parallel (the throttle counts each before checking it). */
async function failTimes(email: string, times = ACCOUNT_FAILURE_LIMIT, options: { clientIp?: string } = {}): Promise<void> {
  const results = await Promise.all(Array.from({ length: times }, () => login(url, email, WRONG, options)));
  expect(results.map(({ res }) => code(res))).toEqual(Array(times).fill('INVALID_CREDENTIALS'));
}
const failuresOf = async (email: string) =>
  Number((await sut.orm.em.getConnection().execute('select failures from organizations.login_throttle where key = ?', [`account:${tokenHash(email)}`]))[0]?.failures ?? 0);

function aliasedLogins(email: string, passwords: string[]): string {
  const fields = passwords.map((p, i) => `a${i}: login(email: ${JSON.stringify(email)}, password: ${JSON.stringify(p)}) { user { id } }`);
  return `mutation { ${fields.join('\n')} }`;
}

describe('brute force: the throttle per account', () => {
  it('R28: the 11th attempt after 10 wrong passwords in a row is refused even with the right password', async () => {
    const { email, userId } = await person();
    for (let i = 0; i < ACCOUNT_FAILURE_LIMIT; i++) expect(code((await login(url, email, WRONG)).res)).toBe('INVALID_CREDENTIALS');

    for (const locale of ['fi', 'sv', 'en'] as Locale[]) {
      const { res, token } = await login(url, email, PASSWORD, { locale });
      expect(res.errors?.[0]?.extensions).toEqual({ code: 'RATE_LIMITED', details: { retryAfterSeconds: expect.any(Number) } });
      expect(res.errors?.[0]?.message).toBe(loginThrottled(1).messages[locale]);
      const retryAfter = res.errors?.[0]?.extensions?.details as { retryAfterSeconds: number };
      expect(retryAfter.retryAfterSeconds).toBeGreaterThan(0);
      expect(retryAfter.retryAfterSeconds).toBeLessThanOrEqual(LOCK_SECONDS);
      expect(token).toBeNull();
    }
    expect(await sessionsOf(userId)).toBe(0);
  });

  it('R28: the same through batched aliases in one request: aliases cannot multiply attempts, and the 11th is refused', async () => {
    const { email, userId } = await person();
    // login is non-null, and mutation fields run one after another: the first refused login ends the
    // request, so 11 aliases (10 wrong, then the right one) are one attempt, not eleven.
    const passwords = [...Array<string>(ACCOUNT_FAILURE_LIMIT).fill(WRONG), PASSWORD];
    for (let request = 1; request <= ACCOUNT_FAILURE_LIMIT; request++) {
      const res = await call(url, anonymous, aliasedLogins(email, passwords));
      expect(res.data).toBeNull();
      expect(res.errors?.map((e) => [e.path?.[0], e.extensions?.code])).toEqual([['a0', 'INVALID_CREDENTIALS']]);
      expect(res.headers.get('x-kaikukanta-session')).toBeNull();
      expect(await failuresOf(email)).toBe(request);
    }
    // The 11th attempt, however it is batched, is refused even when every alias has the right password.
    const res = await call(url, anonymous, aliasedLogins(email, Array<string>(ACCOUNT_FAILURE_LIMIT + 1).fill(PASSWORD)));
    expect(res.errors?.map((e) => [e.path?.[0], e.extensions?.code])).toEqual([['a0', 'RATE_LIMITED']]);
    expect(res.headers.get('x-kaikukanta-session')).toBeNull();
    expect(await sessionsOf(userId)).toBe(0);
  });

  it('R28: parallel attempts cannot outrun it: of 12 concurrent wrong passwords only 10 are even checked', async () => {
    const { email } = await person();
    const results = await Promise.all(Array.from({ length: 12 }, () => login(url, email, WRONG)));
    const codes = results.map(({ res }) => code(res));
    expect(codes.filter((c) => c === 'INVALID_CREDENTIALS')).toHaveLength(ACCOUNT_FAILURE_LIMIT);
    expect(codes.filter((c) => c === 'RATE_LIMITED')).toHaveLength(2);
    expect(code((await login(url, email, PASSWORD)).res)).toBe('RATE_LIMITED');
  });

  it('R28: the throttle lives in PostgreSQL: a restarted (or another) instance on the same database still refuses', async () => {
    const { email } = await person();
    await failTimes(email);
    const restarted = await restartOrganizations(db);
    try {
      expect(code((await login(restarted.server.url, email, PASSWORD)).res)).toBe('RATE_LIMITED');
    } finally {
      await restarted.close();
    }
  });

  it('once the lock has passed the right password works, and a success starts the count over', async () => {
    const { email } = await person();
    await failTimes(email);
    expect(code((await login(url, email, PASSWORD)).res)).toBe('RATE_LIMITED');
    await expireLock(email);
    expect((await login(url, email, PASSWORD)).token).toEqual(expect.any(String));
    // Nine failures, a success, nine failures again, a success: never ten in a row, never locked.
    for (let round = 0; round < 2; round++) {
      await failTimes(email, ACCOUNT_FAILURE_LIMIT - 1);
      expect((await login(url, email, PASSWORD)).token).toEqual(expect.any(String));
    }
    expect(await failuresOf(email)).toBe(0);
  });

  it('an unknown email and a wrong password get the same answer, so accounts cannot be enumerated', async () => {
    const { email } = await person();
    const wrong = await login(url, email, WRONG, { locale: 'sv' });
    const unknown = await login(url, `nobody-${Date.now()}@example.test`, WRONG, { locale: 'sv' });
    expect(wrong.res.errors?.[0]).toEqual(unknown.res.errors?.[0]);
    expect(unknown.res.errors?.[0]?.message).toBe(invalidCredentials().messages.sv);
  });
});

describe('brute force: the throttle per address', () => {
  it('R28: after 100 failures from one address even a right password from it is refused; other addresses are not', async () => {
    const clientIp = '203.0.113.7';
    const { email } = await person();
    // 100 failures spread over 20 unknown accounts (5 each), so no account lock is involved.
    for (let account = 0; account < ADDRESS_FAILURE_LIMIT / 5; account++) await failTimes(`stranger-${account}@example.test`, 5, { clientIp });
    expect(code((await login(url, email, PASSWORD, { clientIp })).res)).toBe('RATE_LIMITED');
    const elsewhere = await login(url, email, PASSWORD, { clientIp: '203.0.113.8' });
    expect(elsewhere.token).toEqual(expect.any(String));
  });

  it('successful logins do not use up an address (many staff behind one office address)', async () => {
    const clientIp = '198.51.100.20';
    const { email } = await person();
    // In batches of 21 aliased logins: 105 Argon2 checks in one request would outlast the execution deadline (H1).
    for (let batch = 0; batch < 5; batch++) {
      const res = await call(url, anonymous, aliasedLogins(email, Array<string>((ADDRESS_FAILURE_LIMIT + 5) / 5).fill(PASSWORD)), {}, { clientIp });
      expect(res.errors).toBeUndefined();
    }
  });
});

describe('M4: the throttle counts in time windows', () => {
  const sql = (query: string, params: unknown[] = []) => sut.orm.em.getConnection().execute(query, params);
  /** Simulates time: the row's window started `age` ago (an SQL interval), instead of sleeping. */
  const setRow = (key: string, failures: number, age: string) =>
    sql(
      `insert into organizations.login_throttle (key, failures, locked_until, window_started_at, updated_at) values (?, ?, null, now() - ?::interval, now() - ?::interval)
       on conflict (key) do update set failures = excluded.failures, locked_until = null, window_started_at = excluded.window_started_at, updated_at = excluded.updated_at`,
      [key, failures, age, age],
    );
  const rowOf = async (key: string) => (await sql('select failures, locked_until from organizations.login_throttle where key = ?', [key]))[0] as { failures: number; locked_until: Date | null } | undefined;

  it('M4: 100 failures on an address from 30 days ago no longer lock it: a wrong password is INVALID_CREDENTIALS and starts a new window', async () => {
    const clientIp = '198.51.100.9';
    await setRow(`address:${clientIp}`, ADDRESS_FAILURE_LIMIT, '30 days');
    const { email } = await person();
    expect(code((await login(url, email, WRONG, { clientIp })).res)).toBe('INVALID_CREDENTIALS');
    expect(await rowOf(`address:${clientIp}`)).toMatchObject({ failures: 1, locked_until: null });
    expect((await login(url, email, PASSWORD, { clientIp })).token).toEqual(expect.any(String));
  });

  it('M4: within its hour the address count still locks', async () => {
    const clientIp = '198.51.100.10';
    await setRow(`address:${clientIp}`, ADDRESS_FAILURE_LIMIT, '50 minutes');
    const { email } = await person();
    expect(code((await login(url, email, PASSWORD, { clientIp })).res)).toBe('RATE_LIMITED');
  });

  it('M4: an account\'s failures older than its 15-minute window no longer count towards the lock', async () => {
    const { email } = await person();
    await failTimes(email, ACCOUNT_FAILURE_LIMIT - 1);
    await sql("update organizations.login_throttle set window_started_at = now() - interval '16 minutes' where key = ?", [`account:${tokenHash(email)}`]);
    // Two more failures: the 10th and 11th in a row, but the first nine are from a window that has passed.
    await failTimes(email, 2);
    expect(await failuresOf(email)).toBe(2);
    expect((await login(url, email, PASSWORD)).token).toEqual(expect.any(String));
  });

  it('M4: a success on an address does not keep its window open', async () => {
    const clientIp = '198.51.100.11';
    await setRow(`address:${clientIp}`, 5, '61 minutes');
    const { email } = await person();
    expect((await login(url, email, PASSWORD, { clientIp })).token).toEqual(expect.any(String));
    // The success's own attempt opened a new window (count 1) and took itself back (0).
    expect(await rowOf(`address:${clientIp}`)).toMatchObject({ failures: 0 });
  });

  it('M4: rows untouched for a day are pruned after a successful login; a lock still running is kept', async () => {
    await setRow('address:198.51.100.12', 3, '2 days');
    await setRow('account:stale-example', 4, '25 hours');
    await sql("insert into organizations.login_throttle (key, failures, locked_until, window_started_at, updated_at) values ('account:still-locked', 11, now() + interval '5 minutes', now() - interval '2 days', now() - interval '2 days')");
    const { email } = await person();
    expect((await login(url, email, PASSWORD)).token).toEqual(expect.any(String));
    expect(await rowOf('address:198.51.100.12')).toBeUndefined();
    expect(await rowOf('account:stale-example')).toBeUndefined();
    expect(await rowOf('account:still-locked')).toMatchObject({ failures: 11 });
  });
});

describe('L5: password checks under load', () => {
  it('L5: with every derivation slot and queue place taken, a login is shed at once as RATE_LIMITED and its attempt is not counted', async () => {
    const clientIp = '198.51.100.30';
    const { email } = await person();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const occupants = Array.from({ length: derivations.concurrency + derivations.queueLimit }, () => derivations.run(() => held));
    try {
      const { res, token } = await login(url, email, PASSWORD, { clientIp, locale: 'en' });
      expect(res.errors?.[0]).toMatchObject({ message: passwordCheckBusy().messages.en, extensions: { code: 'RATE_LIMITED' } });
      expect(token).toBeNull();
    } finally {
      release();
      await Promise.all(occupants);
    }
    expect(await failuresOf(email)).toBe(0);
    const [address] = await sut.orm.em.getConnection().execute('select failures from organizations.login_throttle where key = ?', [`address:${clientIp}`]);
    expect(address?.failures).toBe(0);
    expect((await login(url, email, PASSWORD, { clientIp })).token).toEqual(expect.any(String));
  });
});

describe('password storage', () => {
  it('stores Argon2id at the OWASP parameters and rehashes a weaker hash at the next login', async () => {
    const { email, userId } = await person();
    const weak = await hashPassword(PASSWORD, { memory: 8_192, passes: 1, parallelism: 1 });
    const connection = sut.orm.em.getConnection();
    await connection.execute('update organizations.user_account set password_hash = ? where id = ?', [weak, userId]);
    expect((await login(url, email, PASSWORD)).token).toEqual(expect.any(String));
    const [row] = (await connection.execute('select password_hash from organizations.user_account where id = ?', [userId])) as { password_hash: string }[];
    const { memory, passes, parallelism } = ARGON2_PARAMS;
    expect(row?.password_hash).toMatch(new RegExp(`^\\$argon2id\\$v=19\\$m=${memory},t=${passes},p=${parallelism}\\$`));
    expect(row?.password_hash).not.toBe(weak);
    expect((await login(url, email, PASSWORD)).token).toEqual(expect.any(String));
  });
});

describe('sessions', () => {
  it('the session token leaves only as a response header for the gateway, never in the body', async () => {
    const { email } = await person();
    const { res, token } = await login(url, email, PASSWORD);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(JSON.stringify(res)).not.toContain(token);
  });

  it('a person with one membership acts in it at once', async () => {
    const { email, membershipIds } = await person();
    const { res, token } = await login(url, email, PASSWORD);
    expect((res.data as { login: { activeMembership: { id: string } } }).login.activeMembership.id).toBe(membershipIds[0]);
    expect(await authenticate(url, { session: token as string })).toMatchObject({ membership: { id: membershipIds[0], role: 'DISTRIBUTOR', organizationId: O.tampereSocial, regionId: R.pirkanmaa } });
  });

  it('a person with several memberships acts in none until they pick one', async () => {
    const { res, token } = await login(url, 'monirooli@kaikukanta.demo', DEMO.password);
    expect((res.data as { login: { activeMembership: unknown } }).login.activeMembership).toBeNull();
    const before = (await authenticate(url, { session: token as string })) as Extract<Identity, { kind: 'user' }>;
    expect(before.membership).toBeUndefined();
    const me = await call<{ me: { user: { memberships: { id: string; role: string }[] }; activeMembership: unknown } }>(url, before, '{ me { user { memberships { id role } } activeMembership { id } } }');
    expect(me.data?.me.activeMembership).toBeNull();
    const provider = me.data?.me.user.memberships.find((m) => m.role === 'CULTURE_PROVIDER');

    const chosen = await call<{ selectMembership: { activeMembership: { id: string } } }>(url, before, 'mutation ($m: ID!) { selectMembership(membershipId: $m) { activeMembership { id } } }', { m: provider?.id });
    expect(chosen.data?.selectMembership.activeMembership.id).toBe(provider?.id);
    expect(chosen.headers.get(SESSION_CHANGED_HEADER)).toBe('membership');
    const after = await authenticate(url, { session: token as string });
    expect(after).toMatchObject({ membership: { id: provider?.id, role: 'CULTURE_PROVIDER', organizationId: O.ateneum, regionId: R.uusimaa } });
  });

  it('logout revokes the session: its token no longer resolves', async () => {
    const { email } = await person();
    const { token } = await login(url, email, PASSWORD);
    const identity = (await authenticate(url, { session: token as string })) as Identity;
    const res = await call<{ logout: boolean }>(url, identity, 'mutation { logout }');
    expect(res.data?.logout).toBe(true);
    expect(res.headers.get(SESSION_CHANGED_HEADER)).toBe('revoked');
    expect(await authenticate(url, { session: token as string })).toBeNull();
  });

  it('changePassword revokes every session of the person, and only the new password works', async () => {
    const { email, userId } = await person();
    const first = await login(url, email, PASSWORD);
    const second = await login(url, email, PASSWORD);
    const identity = (await authenticate(url, { session: first.token as string })) as Identity;
    const next = 'a-brand-new-passphrase-2';
    const res = await call<{ changePassword: boolean }>(url, identity, 'mutation ($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) }', { c: PASSWORD, n: next });
    expect(res.data?.changePassword).toBe(true);
    expect(res.headers.get(SESSION_CHANGED_HEADER)).toBe('revoked');
    expect(await authenticate(url, { session: first.token as string })).toBeNull();
    expect(await authenticate(url, { session: second.token as string })).toBeNull();
    expect(code((await login(url, email, PASSWORD)).res)).toBe('INVALID_CREDENTIALS');
    expect((await login(url, email, next)).token).toEqual(expect.any(String));
    const [row] = await sut.orm.em.getConnection().execute("select count(*) as n from organizations.audit_log where action = 'PASSWORD_CHANGED' and actor_user_id = ?", [userId]);
    expect(Number(row?.n)).toBe(1);
  });

  it('changePassword with a wrong current password changes nothing and keeps the sessions', async () => {
    const { email } = await person();
    const { token } = await login(url, email, PASSWORD);
    const identity = (await authenticate(url, { session: token as string })) as Identity;
    const res = await call(url, identity, 'mutation ($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) }', { c: WRONG, n: 'a-brand-new-passphrase-2' });
    expect(code(res)).toBe('INVALID_CREDENTIALS');
    expect(await authenticate(url, { session: token as string })).toMatchObject({ kind: 'user' });
    expect((await login(url, email, PASSWORD)).token).toEqual(expect.any(String));
  });

  it('R28: guessing the current password in changePassword is throttled like a login: the 11th try is refused even when right', async () => {
    const { email } = await person();
    const { token } = await login(url, email, PASSWORD);
    const identity = (await authenticate(url, { session: token as string })) as Identity;
    const change = (current: string) =>
      call(url, identity, 'mutation ($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) }', { c: current, n: 'a-brand-new-passphrase-3' });
    for (let i = 0; i < 10; i++) expect(code(await change(WRONG))).toBe('INVALID_CREDENTIALS');
    expect(code(await change(PASSWORD))).toBe('RATE_LIMITED');
    // Nothing changed: the old password is still the password (once the lock passes), the session still works.
    expect(await authenticate(url, { session: token as string })).toMatchObject({ kind: 'user' });
  });

  it('L3: a session unused for longer than the idle timeout (30 min) no longer resolves; one in use keeps resolving', async () => {
    expect(DEFAULT_SESSION_IDLE_TIMEOUT_MS).toBe(30 * 60 * 1000);
    const { email } = await person();
    const idle = await login(url, email, PASSWORD);
    const active = await login(url, email, PASSWORD);
    // Time passes in the database, not in the test: last use 31 and 29 minutes ago.
    const lastSeen = (token: string, minutes: number) =>
      sut.orm.em.getConnection().execute(`update organizations.session set last_seen_at = now() - interval '${minutes} minutes' where token_hash = ?`, [tokenHash(token)]);
    await lastSeen(idle.token as string, 31);
    await lastSeen(active.token as string, 29);
    expect(await authenticate(url, { session: idle.token as string })).toBeNull();
    expect(await authenticate(url, { session: active.token as string })).toMatchObject({ kind: 'user' });
    // Resolving it was a use: its idle time starts again.
    const [row] = await sut.orm.em.getConnection().execute('select extract(epoch from now() - last_seen_at) as idle from organizations.session where token_hash = ?', [tokenHash(active.token as string)]);
    expect(Number(row?.idle)).toBeLessThan(60);
  });

  it('L3: a re-check of an open WebSocket (touch: false) resolves the session without counting as use, so the idle timeout still comes', async () => {
    const { email } = await person();
    const { token } = await login(url, email, PASSWORD);
    await sut.orm.em.getConnection().execute("update organizations.session set last_seen_at = now() - interval '29 minutes' where token_hash = ?", [tokenHash(token as string)]);
    expect(await authenticate(url, { session: token as string, touch: false })).toMatchObject({ kind: 'user' });
    const [row] = await sut.orm.em.getConnection().execute('select extract(epoch from now() - last_seen_at) as idle from organizations.session where token_hash = ?', [tokenHash(token as string)]);
    expect(Number(row?.idle)).toBeGreaterThan(28 * 60);
    // Two minutes later, re-checks alone have not kept it alive.
    await sut.orm.em.getConnection().execute("update organizations.session set last_seen_at = now() - interval '31 minutes' where token_hash = ?", [tokenHash(token as string)]);
    expect(await authenticate(url, { session: token as string, touch: false })).toBeNull();
  });

  it('L3: the idle timeout is configurable (SESSION_IDLE_TIMEOUT_MS)', async () => {
    const { email } = await person();
    const { token } = await login(url, email, PASSWORD);
    await sut.orm.em.getConnection().execute("update organizations.session set last_seen_at = now() - interval '31 minutes' where token_hash = ?", [tokenHash(token as string)]);
    const patient = await createApp(loadConfig({ ...testConfigEnv(db.url), ORGANIZATIONS_PORT: '0', SESSION_IDLE_TIMEOUT_MS: String(60 * 60 * 1000) }));
    try {
      expect(await authenticate(patient.server.url, { session: token as string })).toMatchObject({ kind: 'user' });
    } finally {
      await patient.close();
    }
  });

  it('R28: a revoked membership stops acting at the next look-up', async () => {
    const { email, membershipIds } = await person();
    const { token } = await login(url, email, PASSWORD);
    expect(await authenticate(url, { session: token as string })).toMatchObject({ membership: { id: membershipIds[0] } });
    const admin = await identityOf(url, 'vastuuhenkilo.pirkanmaa@kaikukanta.demo', DEMO.password);
    expect((await call(url, admin, 'mutation ($m: ID!) { revokeMembership(membershipId: $m) }', { m: membershipIds[0] })).errors).toBeUndefined();
    const identity = await authenticate(url, { session: token as string });
    expect(identity).toMatchObject({ kind: 'user' });
    expect(identity).not.toHaveProperty('membership');
  });
});
