import type { Identity, InternalRoute, MikroORM } from '@kaikukanta/kit';
import { ApiKeyEntity } from '../api-key/api-key.entity.js';
import { parseApiKey } from '../api-key/api-key.secret.js';
import { SessionEntity } from './session.entity.js';
import { isUsableMembership, toActiveMembership } from './identity.mapper.js';
import { tokenHash } from './tokens.js';
import { timingSafeEqual } from 'node:crypto';

/** Last-seen times are written at most once a minute per session or key: a login is not a write per request. */
const TOUCH_AFTER_MS = 60_000;

export interface AuthenticateOptions {
  /** L3: a session whose last use is older than this no longer resolves. */
  idleTimeoutMs: number;
}

/**
 * `POST /internal/authenticate` — the gateway turns a session cookie or an
 * API key into an identity here. Only the gateway can call it (it needs the
 * gateway's signed token like any subgraph request).
 */
export function authenticateRoute(orm: MikroORM, options: AuthenticateOptions): InternalRoute {
  return async (body) => {
    const { session, apiKey, touch } = (body ?? {}) as { session?: unknown; apiKey?: unknown; touch?: unknown };
    const em = orm.em.fork();
    // L3: `touch: false` is the gateway re-checking an open WebSocket; that is not use and must not postpone the idle timeout.
    const use = touch !== false;
    let identity: Identity | null = null;
    if (typeof session === 'string' && session.length <= 100) identity = await fromSession(em, session, options.idleTimeoutMs, use);
    else if (typeof apiKey === 'string' && apiKey.length <= 200) identity = await fromApiKey(em, apiKey, use);
    return { status: 200, body: { identity } };
  };
}

/**
 * A live session: not revoked, within its absolute lifetime (12 h) and, L3,
 * used within the idle timeout — a session left open on a shared office PC
 * dies with inactivity. Use is recorded at most once a minute, so the
 * timeout is exact to a minute.
 */
async function fromSession(em: ReturnType<MikroORM['em']['fork']>, token: string, idleTimeoutMs: number, use: boolean): Promise<Identity | null> {
  const now = Date.now();
  const session = await em.findOne(
    SessionEntity,
    { tokenHash: tokenHash(token), revokedAt: null, expiresAt: { $gt: new Date(now) }, lastSeenAt: { $gt: new Date(now - idleTimeoutMs) }, user: { active: true } },
    { populate: ['activeMembership.organization.municipality', 'activeMembership.region'] },
  );
  if (!session) return null;
  if (use && Date.now() - session.lastSeenAt.getTime() > TOUCH_AFTER_MS) {
    await em.nativeUpdate(SessionEntity, { id: session.id }, { lastSeenAt: new Date() });
  }
  const membership = session.activeMembership && isUsableMembership(session.activeMembership) ? session.activeMembership : null;
  return {
    kind: 'user',
    userId: session.user.id,
    sessionId: session.id,
    ...(membership ? { membership: toActiveMembership(membership) } : {}),
  };
}

async function fromApiKey(em: ReturnType<MikroORM['em']['fork']>, input: string, use: boolean): Promise<Identity | null> {
  const raw = input.trim();
  const parsed = parseApiKey(raw);
  if (!parsed) return null;
  const key = await em.findOne(ApiKeyEntity, { prefix: parsed.prefix, revokedAt: null }, { populate: ['organization.municipality'] });
  if (!key || (key.expiresAt && key.expiresAt <= new Date()) || !key.organization.active) return null;
  const expected = Buffer.from(key.secretHash, 'hex');
  const actual = Buffer.from(tokenHash(raw), 'hex');
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return null;
  if (use && (!key.lastUsedAt || Date.now() - key.lastUsedAt.getTime() > TOUCH_AFTER_MS)) {
    await em.nativeUpdate(ApiKeyEntity, { id: key.id }, { lastUsedAt: new Date() });
  }
  return {
    kind: 'apiKey',
    apiKeyId: key.id,
    organizationId: key.organization.id,
    regionId: key.organization.municipality.region.id,
    scopes: [...key.scopes],
  };
}
