import { createSubgraphApp, type AppOptions } from '@kaikukanta/kit';
import type { Config } from './config.js';
import { createOrm } from './orm.js';
import { buildSchema } from './schema.js';
import { seedDemoEvents } from './seeders/demo.seeder.js';

export function createApp(config: Config, options: AppOptions = {}) {
  return createSubgraphApp({ createOrm, buildSchema, seed: seedDemoEvents }, config, options);
}
