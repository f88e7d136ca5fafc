import type { IncomingMessage } from 'node:http';
import { createHash } from 'node:crypto';
import { signIdentity, IDENTITY_HEADER, type Identity } from '@kaikukanta/kit';

export const SESSION_COOKIE = 'kk_session';
/** How long a resolved identity is reused: revocation (logout, key revoked, membership removed) takes effect within this. */
export const IDENTITY_CACHE_MS = 10_000;
const CACHE_LIMIT = 10_000;

export type AuthResult = { identity: Identity } | { error: 'INVALID_API_KEY' };

interface Cached {
  identity: Identity | null;
  until: number;
}

/**
 * Who is calling. Every request is authenticated here and only here: a
 * session cookie (people) or `Authorization: Bearer kk_…` (partner systems)
 * is turned into an identity by the organizations subgraph, which owns
 * sessions and keys; subgraphs then receive it as a signed token and never
 * see the client's own headers.
 */
export class Authenticator {
  readonly #cache = new Map<string, Cached>();

  constructor(
    private readonly organizationsUrl: string,
    private readonly secret: string,
  ) {}

  async authenticate(req: IncomingMessage): Promise<AuthResult> {
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (bearer) {
      const identity = await this.resolve('apiKey', bearer);
      return identity ? { identity } : { error: 'INVALID_API_KEY' };
    }
    const session = sessionCookie(req);
    if (session) {
      const identity = await this.resolve('session', session);
      if (identity) return { identity };
    }
    return { identity: { kind: 'anonymous' } };
  }

  /** Forget a token at once (logout, membership switch) instead of waiting for the cache to expire. */
  forget(kind: 'session' | 'apiKey', token: string): void {
    this.#cache.delete(cacheKey(kind, token));
  }

  private async resolve(kind: 'session' | 'apiKey', token: string): Promise<Identity | null> {
    const key = cacheKey(kind, token);
    const cached = this.#cache.get(key);
    if (cached && cached.until > Date.now()) return cached.identity;
    const res = await fetch(new URL('/internal/authenticate', this.organizationsUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: await signIdentity({ kind: 'anonymous' }, this.secret) },
      body: JSON.stringify({ [kind]: token }),
      signal: AbortSignal.timeout(5_000),
    });
    if (!res.ok) throw new Error(`authentication service answered ${res.status}`);
    const { identity } = (await res.json()) as { identity: Identity | null };
    // Evict the oldest entry (a Map keeps insertion order): a flood of made-up tokens cannot empty the cache of real ones.
    if (this.#cache.size >= CACHE_LIMIT) this.#cache.delete(this.#cache.keys().next().value as string);
    this.#cache.set(key, { identity, until: Date.now() + IDENTITY_CACHE_MS });
    return identity;
  }
}

function cacheKey(kind: string, token: string): string {
  return `${kind}:${createHash('sha256').update(token).digest('base64url')}`;
}

export function sessionCookie(req: IncomingMessage): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === SESSION_COOKIE) return value.join('=') || undefined;
  }
  return undefined;
}

/** HttpOnly, SameSite=Strict, path /; Secure in production (served over TLS). */
export function sessionCookieHeader(token: string | null, secure: boolean, maxAgeSeconds = 12 * 60 * 60): string {
  const attributes = ['Path=/', 'HttpOnly', 'SameSite=Strict', ...(secure ? ['Secure'] : [])];
  return token ? `${SESSION_COOKIE}=${token}; Max-Age=${maxAgeSeconds}; ${attributes.join('; ')}` : `${SESSION_COOKIE}=; Max-Age=0; ${attributes.join('; ')}`;
}
