import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';

/**
 * The identity the gateway vouches for. Subgraphs trust nothing else
 * (ARCHITECTURE "Security model"): the gateway authenticates the caller
 * (session cookie or API key) and sends each subgraph this short-lived token,
 * signed with a secret only the gateway and the subgraphs share.
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
const AUDIENCE = 'kaikukanta-subgraph';
/** Long enough for one federated query plan, short enough that a leaked token is useless. */
export const IDENTITY_TTL_SECONDS = 60;

const encoder = new TextEncoder();

/** Request facts the gateway vouches for besides the identity (the client's address, for login throttling). */
export interface IdentityClaims {
  clientIp?: string;
}

export async function signIdentity(identity: Identity, secret: string, ttlSeconds = IDENTITY_TTL_SECONDS, claims: IdentityClaims = {}): Promise<string> {
  return new SignJWT({ idn: identity, ...(claims.clientIp ? { ip: claims.clientIp } : {}) })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(encoder.encode(secret));
}

export class IdentityError extends Error {
  constructor(readonly reason: 'missing' | 'expired' | 'invalid') {
    super(`identity token ${reason}`);
    this.name = 'IdentityError';
  }
}

/** Verifies the gateway's token; any problem is an IdentityError, never a crash. */
export async function verifyIdentity(token: string | null | undefined, secret: string): Promise<Identity> {
  return (await verifyIdentityToken(token, secret)).identity;
}

export async function verifyIdentityToken(token: string | null | undefined, secret: string): Promise<{ identity: Identity } & IdentityClaims> {
  if (!token) throw new IdentityError('missing');
  try {
    const { payload } = await jwtVerify(token, encoder.encode(secret), {
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: ['HS256'],
      clockTolerance: 5,
    });
    const { idn: identity, ip } = payload as { idn?: unknown; ip?: unknown };
    if (!isIdentity(identity)) throw new IdentityError('invalid');
    return { identity, ...(typeof ip === 'string' ? { clientIp: ip } : {}) };
  } catch (error) {
    if (error instanceof IdentityError) throw error;
    if (error instanceof joseErrors.JWTExpired) throw new IdentityError('expired');
    throw new IdentityError('invalid');
  }
}

function isIdentity(value: unknown): value is Identity {
  if (typeof value !== 'object' || value === null) return false;
  const kind = (value as { kind?: unknown }).kind;
  return kind === 'anonymous' || kind === 'user' || kind === 'apiKey';
}
