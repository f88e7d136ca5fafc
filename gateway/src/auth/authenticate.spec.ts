import { generateKeyPairSync } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sessionCookie } from '../plugins/use-session-cookie.js';
import { Authenticator, CACHE_LIMIT, NEGATIVE_CACHE_LIMIT } from './authenticate.js';

const { privateKey } = generateKeyPairSync('ed25519');
const REAL = { kind: 'user', userId: 'u1', sessionId: 's1', membership: null };

/** The organizations subgraph's /internal/authenticate: one real session, every other token unknown. */
function stubLookups(bodies: unknown[] = []) {
  const lookups: string[] = [];
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (_url, init) => {
    const { session, apiKey } = JSON.parse(String(init?.body)) as { session?: string; apiKey?: string };
    bodies.push(JSON.parse(String(init?.body)));
    lookups.push(session ?? apiKey ?? '');
    return Response.json({ identity: session === 'real' ? REAL : null });
  });
  return lookups;
}

const withCookie = (cookie: string) => ({ headers: { cookie } }) as unknown as IncomingMessage;

afterEach(() => {
  vi.restoreAllMocks();
});

describe('identity cache (L8)', () => {
  it('L8: a flood of made-up tokens does not evict a real session from the identity cache', async () => {
    // Small caches, so the flood is cheap (the production sizes are the defaults, checked below); a flood
    // larger than both caches together would evict the real session if unknown tokens shared its cache.
    const limits = { identities: 8, unknown: 4 };
    const lookups = stubLookups();
    const sut = new Authenticator('http://organizations.test/graphql', privateKey, sessionCookie(false), limits);
    expect(await sut.authenticate(withCookie('kk_session=real'))).toEqual({ identity: REAL });
    for (let i = 0; i <= limits.identities + limits.unknown; i++) await sut.authenticate(withCookie(`kk_session=made-up-${i}`));
    lookups.length = 0;
    expect(await sut.authenticate(withCookie('kk_session=real'))).toEqual({ identity: REAL });
    expect(lookups).toEqual([]);
    // The unknown cache stayed bounded: the oldest made-up token was evicted and is looked up again.
    await sut.authenticate(withCookie('kk_session=made-up-0'));
    expect(lookups).toEqual(['made-up-0']);
  });

  it('L8: the production caches keep 10,000 identities and 1,000 unknown tokens apart', () => {
    expect(CACHE_LIMIT).toBe(10_000);
    expect(NEGATIVE_CACHE_LIMIT).toBeLessThan(CACHE_LIMIT);
  });

  it('L8: an unknown token is still remembered briefly (one look-up), and anonymous', async () => {
    const lookups = stubLookups();
    const sut = new Authenticator('http://organizations.test/graphql', privateKey, sessionCookie(false));
    expect(await sut.authenticate(withCookie('kk_session=nope'))).toEqual({ identity: { kind: 'anonymous' } });
    expect(await sut.authenticate(withCookie('kk_session=nope'))).toEqual({ identity: { kind: 'anonymous' } });
    expect(lookups).toEqual(['nope']);
  });

  it('I1: in production the session is read from __Host-kk_session only', async () => {
    const lookups = stubLookups();
    const sut = new Authenticator('http://organizations.test/graphql', privateKey, sessionCookie(true));
    expect(await sut.authenticate(withCookie('kk_session=real'))).toEqual({ identity: { kind: 'anonymous' } });
    expect(await sut.authenticate(withCookie('__Host-kk_session=real'))).toEqual({ identity: REAL });
    expect(lookups).toEqual(['real']);
  });
});

describe('re-checks are not use (L3)', () => {
  it('L3: a re-check asks with touch: false and never lets a request skip its own, touching look-up', async () => {
    const bodies: unknown[] = [];
    stubLookups(bodies);
    const sut = new Authenticator('http://organizations.test/graphql', privateKey, sessionCookie(false));
    expect(await sut.authenticate(withCookie('kk_session=real'), { touch: false })).toEqual({ identity: REAL });
    // A request right after: the re-check's answer is not reused, so the request counts as use.
    expect(await sut.authenticate(withCookie('kk_session=real'))).toEqual({ identity: REAL });
    // Another re-check may reuse the request's answer; another request too.
    await sut.authenticate(withCookie('kk_session=real'), { touch: false });
    await sut.authenticate(withCookie('kk_session=real'));
    expect(bodies).toEqual([{ session: 'real', touch: false }, { session: 'real' }]);
  });
});
