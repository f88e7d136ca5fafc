import { DEMO, type EntityManager, type Logger, type SubgraphConfig } from '@kaikukanta/kit';
import { ApiKeyEntity } from '../modules/api-key/api-key.entity.js';
import { tokenHash } from '../modules/session/tokens.js';
import { UserEntity } from '../modules/user/user.entity.js';

/** The prefix of the demo partner key (`kk_demo0001_…`, README "Demo data and accounts"). */
export const DEMO_API_KEY_PREFIX = 'demo0001';

/**
 * H4: the demo accounts' password and the demo partner key are published in
 * the README. A production registry refuses to start while any of them can
 * still be used — an active user with a demo id, or the demo key unrevoked —
 * because turning `SEED_DEMO_DATA` off again removes nothing. Only a
 * throw-away demo server that says so (`ALLOW_DEMO_SEED_IN_PRODUCTION=true`)
 * runs with them. docker/README.md tells the operator how to clear them.
 */
export async function refuseDemoAccountsInProduction(em: EntityManager, config: SubgraphConfig, logger: Logger): Promise<void> {
  if (!config.production || config.allowDemoSeedInProduction) return;
  const demoUsers = await em.count(UserEntity, { id: { $in: Object.values(DEMO.users) }, active: true });
  const demoApiKeys = await em.count(ApiKeyEntity, { $or: [{ prefix: DEMO_API_KEY_PREFIX }, { secretHash: tokenHash(DEMO.apiKey) }], revokedAt: null });
  if (!demoUsers && !demoApiKeys) return;
  const message =
    'demo accounts with public credentials exist in production: deactivate them and revoke the demo API key (docker/README.md), or set ALLOW_DEMO_SEED_IN_PRODUCTION=true on a throw-away demo server';
  logger.fatal({ demoUsers, demoApiKeys }, message);
  throw new Error(`organizations refuses to start: ${message}`);
}
