import type { MigrationObject } from '@kaikukanta/kit';
import { Migration20261122032122_initial } from './Migration20261122032122_initial.js';
import { Migration20261122154114_reader_position } from './Migration20261122154114_reader_position.js';
import { Migration20261202070404_usage_reader } from './Migration20261202070404_usage_reader.js';
import { Migration20261210090000_live_usage } from './Migration20261210090000_live_usage.js';
import { Migration20261210100000_read_models } from './Migration20261210100000_read_models.js';
import { Migration20261212090000_published_steps } from './Migration20261212090000_published_steps.js';

/** Every committed migration, in order. `npm run migration:create` regenerates this file. */
export const migrations: MigrationObject[] = [
  { name: 'Migration20261122032122_initial', class: Migration20261122032122_initial },
  { name: 'Migration20261122154114_reader_position', class: Migration20261122154114_reader_position },
  { name: 'Migration20261202070404_usage_reader', class: Migration20261202070404_usage_reader },
  { name: 'Migration20261210090000_live_usage', class: Migration20261210090000_live_usage },
  { name: 'Migration20261210100000_read_models', class: Migration20261210100000_read_models },
  { name: 'Migration20261212090000_published_steps', class: Migration20261212090000_published_steps },
];
