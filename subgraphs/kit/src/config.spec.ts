import { describe, expect, it } from 'vitest';
import { DEV_IDENTITY_SECRET, loadSubgraphConfig } from './config.js';
import { ConfigError } from './env.js';

const base = { DATABASE_URL: 'postgres://localhost/x' };

describe('subgraph config', () => {
  it('uses the default port and the development secret outside production', () => {
    const config = loadSubgraphConfig('cards', base);
    expect(config.port).toBe(4002);
    expect(config.identitySecret).toBe(DEV_IDENTITY_SECRET);
    expect(config.seedDemoData).toBe(false);
  });

  it('requires IDENTITY_SECRET in production, so no deployment runs on the public development secret', () => {
    expect(() => loadSubgraphConfig('cards', { ...base, NODE_ENV: 'production' })).toThrow(ConfigError);
  });

  it('refuses a short secret', () => {
    expect(() => loadSubgraphConfig('cards', { ...base, IDENTITY_SECRET: 'short' })).toThrow(/at least 32/);
  });

  it.each([['CARDS_PORT', 'abc'], ['CARDS_PORT', '70000'], ['LOG_LEVEL', 'loud'], ['SEED_DEMO_DATA', 'yes']])('refuses %s=%s with a message naming it', (name, value) => {
    expect(() => loadSubgraphConfig('cards', { ...base, [name]: value })).toThrow(name);
  });

  it('requires DATABASE_URL', () => {
    expect(() => loadSubgraphConfig('cards', {})).toThrow(/DATABASE_URL/);
  });
});
