import type { KeyObject } from 'node:crypto';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import { LRUCache } from 'lru-cache';
import type { SubgraphName } from './config.js';

/**
 * The identity the gateway vouches for. Subgraphs trust nothing else
 * (ARCHITECTURE "Security model"): the gateway authenticates the caller
 * (session cookie or API key) and sends each subgraph this short-lived token,
 * signed with a private key only the gateway holds; subgraphs verify it with
 * the public key, so none of them can mint an identity (decision 0011).
 */
export type Identity = AnonymousIdentity | UserIdentity | ApiKeyIdentity;

export interface AnonymousIdentity {
  kind: 'anonymous';
}

export type Role =
  | 'NATIONAL_ADMIN'
  | 'REGION_ADMIN'
  | 'DISTRIBUTOR'
  | 'CULTURE_PROVIDER'
  | 'TICKET_AGENT'
  | 'ANALYST'
  | 'CULTURE_OFFICER';

/** The membership a person acts in: one role, scoped to an organisation or a region (or national). */
export interface ActiveMembership {
  id: string;
  role: Role;
  organizationId?: string;
  regionId?: string;
  /**
   * A culture officer's municipality (three-digit Statistics Finland code, in `regionId`): they act for its
   * providers (DOMAIN "People and roles", decision 0022). Only officers carry it, so other tokens stay as small.
   */
  municipalityCode?: string;
}

export interface UserIdentity {
  kind: 'user';
  userId: string;
  sessionId: string;
  membership?: ActiveMembership;
}

export interface ApiKeyIdentity {
  kind: 'apiKey';
  apiKeyId: string;
  organizationId: string;
  /** The region of the key's organisation. */
  regionId?: string;
  scopes: string[];
}

export const IDENTITY_HEADER = 'x-kaikukanta-identity';
export const REQUEST_ID_HEADER = 'x-request-id';
/** Set by the organizations subgraph on login: the new session token, for the gateway to put in a cookie. */
export const SESSION_TOKEN_HEADER = 'x-kaikukanta-session';
/** Set when the caller's session changed (membership switch, logout): the gateway drops what it cached. */
export const SESSION_CHANGED_HEADER = 'x-kaikukanta-session-changed';
const ISSUER = 'kaikukanta-gateway';
const AUDIENCE_PREFIX = 'kaikukanta-subgraph:';
/** EdDSA over Ed25519 and nothing else: an HS256 token made with the old shared secret, or `alg: none`, is refused. */
const ALGORITHM = 'EdDSA';
/**
 * Lifetime of one token. The gateway signs a token for one caller and subgraph
 * and reuses it for at most 5 s (decision 0023); the subgraph verifies it on
 * arrival, once per token (decision 0029), so this only has to cover the reuse
 * and the trip; 15 s leaves room for a loaded machine and is the whole replay
 * window of a leaked token (M1).
 */
export const IDENTITY_TTL_SECONDS = 15;
/** Clock skew tolerated between gateway and subgraph: they run on synchronised hosts. */
const CLOCK_TOLERANCE_SECONDS = 2;

/**
 * Who a token is for: a subgraph's GraphQL endpoint (`cards`) or one of its
 * internal routes (`organizations/internal/authenticate`). A token for one is
 * refused by every other (M1).
 */
export type IdentityAudience = SubgraphName | `${SubgraphName}/${string}`;

/** The `aud` claim for an audience: `kaikukanta-subgraph:<name>[/<route>]`. */
export function audienceClaim(audience: IdentityAudience): string {
  return `${AUDIENCE_PREFIX}${audience}`;
}

/** The audience of a subgraph's internal route, e.g. `organizations` + `/internal/authenticate`. */
export function routeAudience(subgraph: SubgraphName, path: string): IdentityAudience {
  return `${subgraph}/${path.replace(/^\/+/, '')}`;
}

/** Request facts the gateway vouches for besides the identity (the client's address, for login throttling). */
export interface IdentityClaims {
  clientIp?: string;
}

export interface SignIdentityOptions extends IdentityClaims {
  /** The one subgraph endpoint the token is for. */
  audience: IdentityAudience;
  ttlSeconds?: number;
}

/** Signs the identity for one subgraph fetch; only the gateway holds `privateKey` (IDENTITY_PRIVATE_KEY). */
export async function signIdentity(identity: Identity, privateKey: KeyObject, options: SignIdentityOptions): Promise<string> {
  const { audience, ttlSeconds = IDENTITY_TTL_SECONDS, clientIp } = options;
  return new SignJWT({ idn: identity, ...(clientIp ? { ip: clientIp } : {}) })
    .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
    .setIssuer(ISSUER)
    .setAudience(audienceClaim(audience))
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(privateKey);
}

export class IdentityError extends Error {
  constructor(readonly reason: 'missing' | 'expired' | 'invalid') {
    super(`identity token ${reason}`);
    this.name = 'IdentityError';
  }
}

/** Verifies the gateway's token for `audience`; any problem is an IdentityError, never a crash. */
export async function verifyIdentity(token: string | null | undefined, publicKey: KeyObject, audience: IdentityAudience): Promise<Identity> {
  return (await verifyIdentityToken(token, publicKey, audience)).identity;
}

export async function verifyIdentityToken(
  token: string | null | undefined,
  publicKey: KeyObject,
  audience: IdentityAudience,
): Promise<{ identity: Identity } & IdentityClaims> {
  return (await verifyWithTimes(token, publicKey, audience)).claims;
}

/** The verified claims and the last moment (ms) the token passes `exp` and `maxTokenAge` with the clock tolerance. */
async function verifyWithTimes(
  token: string | null | undefined,
  publicKey: KeyObject,
  audience: IdentityAudience,
  nowMs?: number,
): Promise<{ claims: { identity: Identity } & IdentityClaims; validUntilMs: number }> {
  if (!token) throw new IdentityError('missing');
  try {
    const { payload } = await jwtVerify(token, publicKey, {
      ...(nowMs === undefined ? {} : { currentDate: new Date(nowMs) }),
      issuer: ISSUER,
      audience: audienceClaim(audience),
      algorithms: [ALGORITHM],
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      // I1: without `exp` a token would be valid forever; `iat` bounds its age even if `exp` lies far ahead.
      requiredClaims: ['exp', 'iat'],
      maxTokenAge: IDENTITY_TTL_SECONDS,
    });
    // One audience per token: the gateway never signs for several, so a list is not a token it made.
    if (typeof payload.aud !== 'string') throw new IdentityError('invalid');
    const { idn: identity, ip } = payload as { idn?: unknown; ip?: unknown };
    if (!isIdentity(identity)) throw new IdentityError('invalid');
    // jose refuses once `exp <= now - tolerance` or `now - iat > maxTokenAge + tolerance` (seconds): the earlier one, a millisecond short.
    const validUntilMs = Math.min((payload.exp as number) + CLOCK_TOLERANCE_SECONDS, (payload.iat as number) + IDENTITY_TTL_SECONDS + CLOCK_TOLERANCE_SECONDS) * 1000 - 1;
    return { claims: { identity, ...(typeof ip === 'string' ? { clientIp: ip } : {}) }, validUntilMs };
  } catch (error) {
    if (error instanceof IdentityError) throw error;
    if (error instanceof joseErrors.JWTExpired) throw new IdentityError('expired');
    throw new IdentityError('invalid');
  }
}

/** Tokens a subgraph keeps verified (decision 0029): the gateway reuses one per caller for up to 5 s (decision 0023). */
export const VERIFIED_TOKEN_CACHE_MAX = 10_000;

export type IdentityVerifier = (token: string | null | undefined, audience: IdentityAudience) => Promise<{ identity: Identity } & IdentityClaims>;

/**
 * `verifyIdentityToken` that checks each distinct token's signature once (decision 0029): an Ed25519 verification
 * was a tenth of a card-status look-up's CPU in the cards subgraph, and the gateway sends the same token for a
 * caller's requests for up to 5 s. A token is kept, by its exact text and audience, only once it verified, and only
 * until it would expire — a later request with it is refused `expired` exactly as before. Nothing a client can send
 * enters the cache without the gateway's signature. The claims are frozen: every request with that token shares them.
 */
export function identityVerifier(publicKey: KeyObject, options: { max?: number; now?: () => number } = {}): IdentityVerifier {
  const now = options.now ?? Date.now;
  const verified = new LRUCache<string, { claims: { identity: Identity } & IdentityClaims; validUntilMs: number }>({ max: options.max ?? VERIFIED_TOKEN_CACHE_MAX });
  return async (token, audience) => {
    if (!token) throw new IdentityError('missing');
    const key = `${audience} ${token}`;
    const hit = verified.get(key);
    if (hit && now() <= hit.validUntilMs) return hit.claims;
    if (hit) verified.delete(key);
    const at = now();
    const result = await verifyWithTimes(token, publicKey, audience, at);
    deepFreeze(result.claims);
    if (at <= result.validUntilMs) verified.set(key, result);
    return result.claims;
  };
}

/** Freezes an identity (or any plain value) all the way down, for one shared by several requests out of a cache. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

function isIdentity(value: unknown): value is Identity {
  if (typeof value !== 'object' || value === null) return false;
  const kind = (value as { kind?: unknown }).kind;
  return kind === 'anonymous' || kind === 'user' || kind === 'apiKey';
}
