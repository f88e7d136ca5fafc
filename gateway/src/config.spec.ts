import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEV_IDENTITY_PRIVATE_KEY, DEV_IDENTITY_PUBLIC_KEY, parseIdentityPrivateKey, sameIdentityKey } from '@kaikukanta/kit/identity-keys';
import { loadConfig } from './config.js';

function newPair(): { IDENTITY_PRIVATE_KEY: string; IDENTITY_PUBLIC_KEY: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519', { privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
  return { IDENTITY_PRIVATE_KEY: privateKey, IDENTITY_PUBLIC_KEY: publicKey };
}

describe('gateway config: identity signing key (M1)', () => {
  it('signs with the committed development key outside production', () => {
    expect(sameIdentityKey(loadConfig({}).identityPrivateKey, parseIdentityPrivateKey(DEV_IDENTITY_PRIVATE_KEY))).toBe(true);
  });

  it('M1: requires IDENTITY_PRIVATE_KEY in production and refuses the development key there', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/IDENTITY_PRIVATE_KEY is required/);
    expect(() => loadConfig({ NODE_ENV: 'production', IDENTITY_PRIVATE_KEY: DEV_IDENTITY_PRIVATE_KEY, IDENTITY_PUBLIC_KEY: DEV_IDENTITY_PUBLIC_KEY })).toThrow(/development key/);
  });

  it('M1: refuses to start with a public key that is not its own (every subgraph would refuse its tokens)', () => {
    const mine = newPair();
    expect(() => loadConfig({ NODE_ENV: 'production', IDENTITY_PRIVATE_KEY: mine.IDENTITY_PRIVATE_KEY, IDENTITY_PUBLIC_KEY: newPair().IDENTITY_PUBLIC_KEY })).toThrow(/does not belong/);
    expect(loadConfig({ NODE_ENV: 'production', ...mine }).identityPrivateKey.type).toBe('private');
  });
});

describe('gateway config: timeouts (decision 0020)', () => {
  it('gives every subgraph SUBGRAPH_TIMEOUT_MS unless its own <NAME>_TIMEOUT_MS says otherwise', () => {
    expect(loadConfig({}).subgraphTimeoutsMs).toEqual({ organizations: 10_000, cards: 10_000, usage: 10_000, statistics: 10_000 });
    expect(loadConfig({ SUBGRAPH_TIMEOUT_MS: '5000', CARDS_TIMEOUT_MS: '1500' }).subgraphTimeoutsMs).toEqual({ organizations: 5_000, cards: 1_500, usage: 5_000, statistics: 5_000 });
    expect(() => loadConfig({ USAGE_TIMEOUT_MS: '0' })).toThrow('USAGE_TIMEOUT_MS');
  });

  it('stops within SHUTDOWN_TIMEOUT_MS (default 10 s)', () => {
    expect(loadConfig({}).shutdownTimeoutMs).toBe(10_000);
    expect(loadConfig({ SHUTDOWN_TIMEOUT_MS: '4000' }).shutdownTimeoutMs).toBe(4_000);
    expect(() => loadConfig({ SHUTDOWN_TIMEOUT_MS: '10' })).toThrow('SHUTDOWN_TIMEOUT_MS');
  });
});
