import { IDENTITY_HEADER, routeAudience, SESSION_TOKEN_HEADER, type Identity, type Locale, type SubgraphApp } from '@kaikukanta/kit';
import { createTestDatabase, gatewayToken, testConfigEnv, type GraphQLResponse, type TestDatabase } from '@kaikukanta/kit/testing';
import { createApp } from '../app.js';
import { loadConfig } from '../config.js';
import { hashPassword } from '../modules/user/password.js';
import { MembershipEntity, UserEntity } from '../modules/user/user.entity.js';
import type { Role } from '../modules/user/user.model.js';

/** Test helpers of the organizations subgraph: the app as index.ts builds it, and requests as the gateway makes them. */

export async function startOrganizations(adminUrl: string): Promise<{ db: TestDatabase; sut: SubgraphApp }> {
  const db = await createTestDatabase(adminUrl);
  const sut = await createApp(loadConfig({ ...testConfigEnv(db.url), ORGANIZATIONS_PORT: '0', SEED_DEMO_DATA: 'true' }));
  return { db, sut };
}

/** A second instance of the subgraph on the same database (a restart, or another replica). */
export function restartOrganizations(db: TestDatabase): Promise<SubgraphApp> {
  return createApp(loadConfig({ ...testConfigEnv(db.url), ORGANIZATIONS_PORT: '0' }));
}

export interface CallOptions {
  locale?: Locale;
  /** The caller's address as the gateway vouches for it (the per-address login throttle). */
  clientIp?: string;
}

export interface CallResult<T> extends GraphQLResponse<T> {
  headers: Headers;
}

/** One GraphQL request to the subgraph with the identity token the gateway would sign for `identity`. */
export async function call<T = Record<string, unknown>>(
  url: string,
  identity: Identity,
  query: string,
  variables: Record<string, unknown> = {},
  options: CallOptions = {},
): Promise<CallResult<T>> {
  const token = await gatewayToken(identity, 'organizations', options.clientIp ? { clientIp: options.clientIp } : {});
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: token, 'accept-language': options.locale ?? 'fi' },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, headers: res.headers, ...((await res.json()) as Omit<GraphQLResponse<T>, 'status'>) };
}

export const anonymous: Identity = { kind: 'anonymous' };

export const LOGIN = 'mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { user { id email } activeMembership { id role } } }';

/** Logs in as the gateway would relay it; the session token comes back only as a response header. */
export async function login(url: string, email: string, password: string, options: CallOptions = {}) {
  const res = await call<{ login: { user: { id: string; email: string }; activeMembership: { id: string; role: string } | null } }>(
    url,
    anonymous,
    LOGIN,
    { e: email, p: password },
    options,
  );
  return { res, token: res.headers.get(SESSION_TOKEN_HEADER) };
}

/** The gateway's look-up: `POST /internal/authenticate` turns a session token or an API key into an identity (or null). */
export async function authenticate(url: string, body: { session?: string; apiKey?: string; touch?: boolean }): Promise<Identity | null> {
  const res = await fetch(new URL('/internal/authenticate', url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: await gatewayToken(anonymous, routeAudience('organizations', '/internal/authenticate')) },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`/internal/authenticate answered ${res.status}`);
  return ((await res.json()) as { identity: Identity | null }).identity;
}

/** Logs in and resolves the session as the gateway would: the identity every later request of that person carries. */
export async function identityOf(url: string, email: string, password: string): Promise<Identity> {
  const { token, res } = await login(url, email, password);
  if (!token) throw new Error(`login of ${email} failed: ${JSON.stringify(res.errors)}`);
  const identity = await authenticate(url, { session: token });
  if (!identity) throw new Error(`session of ${email} did not resolve`);
  return identity;
}

/** A person created straight in the database (fixtures), with optional password and memberships. */
export async function createPerson(
  app: SubgraphApp,
  options: { email?: string; password?: string; memberships?: { role: Role; organization?: string; region?: string }[] } = {},
): Promise<{ userId: string; email: string; membershipIds: string[] }> {
  const em = app.orm.em.fork();
  const userId = crypto.randomUUID();
  const email = options.email ?? `person-${userId.slice(0, 8)}@example.test`;
  const now = new Date();
  const user = em.create(UserEntity, {
    id: userId,
    email,
    displayName: 'Test Person',
    passwordHash: options.password ? await hashPassword(options.password) : null,
    active: true,
    createdAt: now,
    passwordChangedAt: now,
  });
  const membershipIds = (options.memberships ?? []).map((m) => {
    const membership = em.create(MembershipEntity, { id: crypto.randomUUID(), user, role: m.role, organization: m.organization ?? null, region: m.region ?? null, grantedBy: null, createdAt: now });
    return membership.id;
  });
  await em.flush();
  return { userId, email, membershipIds };
}

/**
 * A fingerprint of every table of the organizations schema (row count and an
 * md5 of the rows): equal before and after means nothing was written.
 */
export async function fingerprint(app: SubgraphApp): Promise<Record<string, string>> {
  const connection = app.orm.em.getConnection();
  const tables: { name: string }[] = await connection.execute(
    "select table_name as name from information_schema.tables where table_schema = 'organizations' and table_type = 'BASE TABLE' order by table_name",
  );
  const result: Record<string, string> = {};
  for (const { name } of tables) {
    const [row] = (await connection.execute(`select count(*) as n, md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as h from organizations."${name}" t`)) as { n: string; h: string }[];
    result[name] = `${row?.n}:${row?.h}`;
  }
  return result;
}
