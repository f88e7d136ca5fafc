import { createLogger, createSubgraphApp, type AppOptions } from '@kaikukanta/kit';
import type { Config } from './config.js';
import { startImportRecovery } from './modules/import/import.recovery.js';
import { createOrm } from './orm.js';
import { buildSchema } from './schema.js';
import { seedDemoEvents } from './seeders/demo.seeder.js';

export function createApp(config: Config, options: AppOptions = {}) {
  const logger = options.logger ?? createLogger(config.name, config.logLevel);
  // A report travels as base64 in the request (4/3 of the file) beside a small query: the body limit follows the file limit.
  const bodyLimit = Math.max(2 * 1024 * 1024, Math.ceil((config.import.maxFileBytes * 4) / 3) + 64 * 1024);
  return createSubgraphApp(
    {
      createOrm,
      buildSchema: () => buildSchema({ config: config.import, logger }),
      seed: seedDemoEvents,
      bodyLimit,
      // Imports a stopped process left PREVIEWING or COMMITTING are recovered on start and whenever found (R17).
      startWorkers: (orm, workerLogger) => startImportRecovery(orm.em, workerLogger, { beatMs: config.import.jobBeatMs, staleMs: config.import.jobStaleMs }),
    },
    config,
    { ...options, logger },
  );
}
