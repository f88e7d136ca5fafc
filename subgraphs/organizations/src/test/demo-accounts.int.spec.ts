import 'reflect-metadata';
import { DEMO, type SubgraphApp } from '@kaikukanta/kit';
import { testConfigEnv, type TestDatabase } from '@kaikukanta/kit/testing';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { createApp } from '../app.js';
import { loadConfig } from '../config.js';
import { refuseDemoAccountsInProduction } from '../seeders/demo-accounts.guard.js';
import { startOrganizations } from './support.js';

/**
 * H4: demo accounts have a public password and the demo partner key is in
 * the README. In production the subgraph that authenticates everyone refuses
 * to start while any of them is usable. (The config refuses
 * `SEED_DEMO_DATA=true` in production: kit/src/config.spec.ts.)
 */

let db: TestDatabase;
let sut: SubgraphApp;

beforeAll(async () => {
  // Seeded with the demo network, as a production database would be after someone tried the demo on it.
  ({ db, sut } = await startOrganizations(inject('pgAdminUrl')));
});

afterAll(async () => {
  await sut?.close();
  await db?.drop();
});

const configOf = (production: boolean, allow = false) => ({ ...loadConfig({ ...testConfigEnv(db.url), ORGANIZATIONS_PORT: '0' }), production, allowDemoSeedInProduction: allow });
const check = (production: boolean, allow = false) => {
  const logger = pino({ level: 'silent' });
  const fatal = vi.spyOn(logger, 'fatal');
  return { run: () => refuseDemoAccountsInProduction(sut.orm.em.fork(), configOf(production, allow), logger), fatal };
};
const sql = (query: string, params: unknown[] = []) => sut.orm.em.getConnection().execute(query, params);

describe('H4: demo accounts in production', () => {
  it('H4: production refuses to start beside the demo accounts and the demo key, with a fatal log', async () => {
    const { run, fatal } = check(true);
    await expect(run()).rejects.toThrow(/organizations refuses to start: demo accounts/);
    expect(fatal).toHaveBeenCalledWith({ demoUsers: Object.keys(DEMO.users).length, demoApiKeys: 1 }, expect.stringContaining('ALLOW_DEMO_SEED_IN_PRODUCTION'));
  });

  it('H4: the whole app does not start (createApp rejects before listening)', async () => {
    await expect(createApp(configOf(true))).rejects.toThrow(/refuses to start/);
  });

  it('H4: outside production, or on a declared throw-away demo server, they are allowed', async () => {
    await expect(check(false).run()).resolves.toBeUndefined();
    await expect(check(true, true).run()).resolves.toBeUndefined();
  });

  it('H4: the demo key alone is enough to refuse; once every demo account is deactivated and the key revoked, production starts', async () => {
    const ids = Object.values(DEMO.users);
    await sql(`update organizations.user_account set active = false where id in (${ids.map(() => '?').join(', ')})`, ids);
    const keyOnly = check(true);
    await expect(keyOnly.run()).rejects.toThrow(/refuses to start/);
    expect(keyOnly.fatal).toHaveBeenCalledWith({ demoUsers: 0, demoApiKeys: 1 }, expect.any(String));

    await sql("update organizations.api_key set revoked_at = now() where prefix = 'demo0001'");
    await expect(check(true).run()).resolves.toBeUndefined();
    const started = await createApp(configOf(true));
    await started.close();
  });
});
