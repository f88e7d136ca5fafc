import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { verifyIdentityToken, type Identity } from '@kaikukanta/kit/identity';
import { DEV_IDENTITY_PRIVATE_KEY, DEV_IDENTITY_PUBLIC_KEY, parseIdentityPrivateKey, parseIdentityPublicKey } from '@kaikukanta/kit/identity-keys';
import { IDENTITY_TOKEN_REUSE_MS, IdentityTokens, stableJson } from './identity-tokens.js';

const privateKey = parseIdentityPrivateKey(DEV_IDENTITY_PRIVATE_KEY);
const publicKey = parseIdentityPublicKey(DEV_IDENTITY_PUBLIC_KEY);
const user: Identity = { kind: 'user', userId: 'u1', sessionId: 's1', membership: { id: 'm1', role: 'DISTRIBUTOR', organizationId: 'o1' } };

describe('IdentityTokens (issue 12, decision 0023)', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2026-03-02T10:00:00Z') });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('M1: reuses one token for the same caller, subgraph and address within the window, and it still verifies', async () => {
    const tokens = new IdentityTokens({ privateKey });
    const first = await tokens.sign(user, 'cards', '192.0.2.7');
    vi.advanceTimersByTime(IDENTITY_TOKEN_REUSE_MS - 1);
    // The same identity built in another key order is the same caller.
    const reordered: Identity = { membership: { organizationId: 'o1', role: 'DISTRIBUTOR', id: 'm1' }, sessionId: 's1', userId: 'u1', kind: 'user' };
    expect(await tokens.sign(reordered, 'cards', '192.0.2.7')).toBe(first);
    expect(await verifyIdentityToken(first, publicKey, 'cards')).toEqual({ identity: user, clientIp: '192.0.2.7' });
  });

  it('M1: never shares a token across callers, memberships, subgraphs or client addresses', async () => {
    const tokens = new IdentityTokens({ privateKey });
    const base = await tokens.sign(user, 'cards', '192.0.2.7');
    const others = [
      await tokens.sign({ ...user, userId: 'u2' }, 'cards', '192.0.2.7'),
      await tokens.sign({ ...user, membership: { id: 'm2', role: 'NATIONAL_ADMIN' } }, 'cards', '192.0.2.7'),
      await tokens.sign({ kind: 'anonymous' }, 'cards', '192.0.2.7'),
      await tokens.sign(user, 'usage', '192.0.2.7'),
      await tokens.sign(user, 'cards', '192.0.2.8'),
      await tokens.sign(user, 'cards'),
    ];
    for (const other of others) expect(other).not.toBe(base);
    expect(new Set(others).size).toBe(others.length);
    await expect(verifyIdentityToken(others[3], publicKey, 'cards')).rejects.toMatchObject({ reason: 'invalid' });
    expect((await verifyIdentityToken(others[0], publicKey, 'cards')).identity).toMatchObject({ userId: 'u2' });
  });

  it('signs a fresh token once the window has passed, well inside the old one’s 15 s life', async () => {
    const tokens = new IdentityTokens({ privateKey });
    const first = await tokens.sign(user, 'cards', '192.0.2.7');
    vi.advanceTimersByTime(IDENTITY_TOKEN_REUSE_MS);
    const second = await tokens.sign(user, 'cards', '192.0.2.7');
    expect(second).not.toBe(first);
    expect(await verifyIdentityToken(second, publicKey, 'cards')).toEqual({ identity: user, clientIp: '192.0.2.7' });
  });

  it('keys on the identity serialised in a stable key order', () => {
    expect(stableJson({ b: 1, a: [{ d: 'x', c: undefined }] })).toBe('{"a":[{"d":"x"}],"b":1}');
  });
});
