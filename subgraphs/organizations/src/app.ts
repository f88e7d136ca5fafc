import { createSubgraphApp, type AppOptions } from '@kaikukanta/kit';
import type { Config } from './config.js';
import { createOrm } from './orm.js';
import { buildSchema } from './schema.js';
import { authenticateRoute } from './modules/session/authenticate.route.js';
import { refuseDemoAccountsInProduction } from './seeders/demo-accounts.guard.js';
import { seedDemoNetwork } from './seeders/demo.seeder.js';

export function createApp(config: Config, options: AppOptions = {}) {
  return createSubgraphApp(
    {
      createOrm,
      buildSchema,
      seed: seedDemoNetwork,
      preflight: refuseDemoAccountsInProduction,
      internalRoutes: (orm) => ({ '/internal/authenticate': authenticateRoute(orm, { idleTimeoutMs: config.sessionIdleTimeoutMs }) }),
    },
    config,
    options,
  );
}
