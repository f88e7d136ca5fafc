import { createLogger, createSubgraphApp, type AppOptions } from '@kaikukanta/kit';
import type { Config } from './config.js';
import { createOrm } from './orm.js';
import { buildSchema } from './schema.js';
import { seedDemoEvents } from './seeders/demo.seeder.js';

export function createApp(config: Config, options: AppOptions = {}) {
  const logger = options.logger ?? createLogger(config.name, config.logLevel);
  return createSubgraphApp({ createOrm, buildSchema: () => buildSchema({ config: config.import, logger }), seed: seedDemoEvents }, config, { ...options, logger });
}
