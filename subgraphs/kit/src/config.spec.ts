import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadSubgraphConfig } from './config.js';
import { ConfigError } from './env.js';
import { DEV_IDENTITY_PUBLIC_KEY, parseIdentityPublicKey, sameIdentityKey } from './identity-keys.js';

const base = { DATABASE_URL: 'postgres://localhost/x' };

describe('subgraph config', () => {
  it('uses the default port and the development public key outside production', () => {
    const config = loadSubgraphConfig('cards', base);
    expect(config.port).toBe(4002);
    expect(sameIdentityKey(config.identityPublicKey, parseIdentityPublicKey(DEV_IDENTITY_PUBLIC_KEY))).toBe(true);
    expect(config.seedDemoData).toBe(false);
  });

  it('M1: requires IDENTITY_PUBLIC_KEY in production, and refuses the public development key there', () => {
    expect(() => loadSubgraphConfig('cards', { ...base, NODE_ENV: 'production' })).toThrow(/IDENTITY_PUBLIC_KEY is required/);
    expect(() => loadSubgraphConfig('cards', { ...base, NODE_ENV: 'production', IDENTITY_PUBLIC_KEY: DEV_IDENTITY_PUBLIC_KEY })).toThrow(ConfigError);
  });

  it('M1: a subgraph is never configured with a signing key', () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    expect(() => loadSubgraphConfig('cards', { ...base, IDENTITY_PUBLIC_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() })).toThrow(/public key/);
  });

  it.each([['CARDS_PORT', 'abc'], ['CARDS_PORT', '70000'], ['LOG_LEVEL', 'loud'], ['SEED_DEMO_DATA', 'yes']])('refuses %s=%s with a message naming it', (name, value) => {
    expect(() => loadSubgraphConfig('cards', { ...base, [name]: value })).toThrow(name);
  });

  it('requires DATABASE_URL', () => {
    expect(() => loadSubgraphConfig('cards', {})).toThrow(/DATABASE_URL/);
  });
});

describe('H4: demo data and production', () => {
  // Whatever production otherwise requires of the identity key, given, so the refusal seen is the demo seed's.
  const production = {
    ...base,
    NODE_ENV: 'production',
    SEED_DEMO_DATA: 'true',
    IDENTITY_SECRET: 'a-production-identity-secret-of-enough-length',
    IDENTITY_PUBLIC_KEY: generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };

  it('H4: SEED_DEMO_DATA=true with NODE_ENV=production is refused: the demo accounts have a public password', () => {
    expect(() => loadSubgraphConfig('cards', production)).toThrow(ConfigError);
    expect(() => loadSubgraphConfig('cards', production)).toThrow(/SEED_DEMO_DATA=true is refused with NODE_ENV=production/);
  });

  it('H4: a throw-away demo server says so explicitly with ALLOW_DEMO_SEED_IN_PRODUCTION=true', () => {
    const config = loadSubgraphConfig('cards', { ...production, ALLOW_DEMO_SEED_IN_PRODUCTION: 'true' });
    expect(config).toMatchObject({ seedDemoData: true, allowDemoSeedInProduction: true });
  });

  it('H4: demo data outside production needs no extra flag', () => {
    expect(loadSubgraphConfig('cards', { ...base, SEED_DEMO_DATA: 'true' })).toMatchObject({ seedDemoData: true, allowDemoSeedInProduction: false });
  });
});

describe('H1: resolver budget and execution deadline', () => {
  it('H1: default below the gateway timeout, and configurable', () => {
    expect(loadSubgraphConfig('cards', base)).toMatchObject({ resolverBudget: 50_000, executionDeadlineMs: 8_000 });
    expect(loadSubgraphConfig('cards', { ...base, RESOLVER_BUDGET: '1000', EXECUTION_DEADLINE_MS: '2000' })).toMatchObject({ resolverBudget: 1_000, executionDeadlineMs: 2_000 });
    expect(() => loadSubgraphConfig('cards', { ...base, EXECUTION_DEADLINE_MS: '0' })).toThrow('EXECUTION_DEADLINE_MS');
  });
});
