import type { IncomingMessage } from 'node:http';
import { hash, type KeyObject } from 'node:crypto';
import { deepFreeze, signIdentity, IDENTITY_HEADER, routeAudience, type Identity } from '@kaikukanta/kit/identity';
import { sessionCookie as defaultSessionCookie, type SessionCookie } from '../plugins/use-session-cookie.js';

/** How long a resolved identity is reused: revocation (logout, key revoked, membership removed) takes effect within this. */
export const IDENTITY_CACHE_MS = 10_000;
/** Identities kept (oldest evicted first). */
export const CACHE_LIMIT = 10_000;
/**
 * Unknown tokens remembered, apart from real identities (L8): a flood of
 * made-up tokens evicts only other made-up tokens, never a real session.
 */
export const NEGATIVE_CACHE_LIMIT = 1_000;
const AUTHENTICATE_PATH = '/internal/authenticate';

export type AuthResult = { identity: Identity } | { error: 'INVALID_API_KEY' };

interface Cached<T> {
  identity: T;
  until: number;
  /** False when the answer came from a re-check that did not count as use (L3); a request does not reuse it. */
  touched: boolean;
}

export interface AuthenticateOptions {
  /**
   * Whether this counts as use of the session or key (default true). An open
   * WebSocket's periodic re-check passes false, so a tab left open still
   * reaches the idle timeout (L3).
   */
  touch?: boolean;
}

/** Cache sizes; the defaults suit production, tests flood small ones. */
export interface CacheLimits {
  /** Real identities kept (default {@link CACHE_LIMIT}). */
  identities?: number;
  /** Unknown tokens kept (default {@link NEGATIVE_CACHE_LIMIT}). */
  unknown?: number;
}

/**
 * Who is calling. Every request is authenticated here and only here: a
 * session cookie (people) or `Authorization: Bearer kk_…` (partner systems)
 * is turned into an identity by the organizations subgraph, which owns
 * sessions and keys; subgraphs then receive it as a signed token and never
 * see the client's own headers. The look-up itself carries a gateway token for
 * the route's own audience (`organizations/internal/authenticate`, M1), which
 * no subgraph can mint and no token for a GraphQL fetch can stand in for.
 */
export class Authenticator {
  readonly #cache = new Map<string, Cached<Identity>>();
  readonly #unknown = new Map<string, Cached<null>>();

  constructor(
    private readonly organizationsUrl: string,
    private readonly privateKey: KeyObject,
    /** Which cookie carries the session (default: development's `kk_session`; see use-session-cookie.ts). */
    private readonly cookie: SessionCookie = defaultSessionCookie(false),
    private readonly limits: CacheLimits = {},
  ) {}

  async authenticate(req: IncomingMessage, options: AuthenticateOptions = {}): Promise<AuthResult> {
    const touch = options.touch ?? true;
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (bearer) {
      const identity = await this.resolve('apiKey', bearer, touch);
      return identity ? { identity } : { error: 'INVALID_API_KEY' };
    }
    const session = this.cookie.read(req);
    if (session) {
      const identity = await this.resolve('session', session, touch);
      if (identity) return { identity };
    }
    return { identity: { kind: 'anonymous' } };
  }

  /** Forget a token at once (logout, membership switch) instead of waiting for the cache to expire. */
  forget(kind: 'session' | 'apiKey', token: string): void {
    this.#cache.delete(cacheKey(kind, token));
    this.#unknown.delete(cacheKey(kind, token));
  }

  private async resolve(kind: 'session' | 'apiKey', token: string, touch: boolean): Promise<Identity | null> {
    const key = cacheKey(kind, token);
    const cached = this.#cache.get(key) ?? this.#unknown.get(key);
    // A request must reach organizations (and count as use) unless a request did so recently; a re-check takes any answer.
    if (cached && cached.until > Date.now() && (cached.touched || !touch)) return cached.identity;
    const res = await fetch(new URL(AUTHENTICATE_PATH, this.organizationsUrl), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [IDENTITY_HEADER]: await signIdentity({ kind: 'anonymous' }, this.privateKey, { audience: routeAudience('organizations', AUTHENTICATE_PATH) }),
      },
      body: JSON.stringify({ [kind]: token, ...(touch ? {} : { touch: false }) }),
      signal: AbortSignal.timeout(5_000),
    });
    if (!res.ok) throw new Error(`authentication service answered ${res.status}`);
    const { identity } = (await res.json()) as { identity: Identity | null };
    // Frozen: every request of this caller for the next seconds shares the object, and identity-tokens.ts keys
    // its signed tokens by it — a change to it would be a token vouching for something else (M1).
    if (identity) remember(this.#cache, this.limits.identities ?? CACHE_LIMIT, key, { identity: deepFreeze(identity), touched: touch });
    else remember(this.#unknown, this.limits.unknown ?? NEGATIVE_CACHE_LIMIT, key, { identity: null, touched: true });
    return identity;
  }
}

/** Evicts the oldest entry when full (a Map keeps insertion order), then stores the answer for {@link IDENTITY_CACHE_MS}. */
function remember<T>(cache: Map<string, Cached<T>>, limit: number, key: string, answer: Omit<Cached<T>, 'until'>): void {
  cache.delete(key);
  if (cache.size >= limit) cache.delete(cache.keys().next().value as string);
  cache.set(key, { ...answer, until: Date.now() + IDENTITY_CACHE_MS });
}

/** The cache never holds a token itself, only its SHA-256 (one-shot `hash`: no Hash object per request, issue 12). */
function cacheKey(kind: string, token: string): string {
  return `${kind}:${hash('sha256', token, 'base64url')}`;
}
