import type { MigrationObject } from '@kaikukanta/kit';
import { Migration20261122152101_initial } from './Migration20261122152101_initial.js';
import { Migration20261202063742_outbox_order_trigger } from './Migration20261202063742_outbox_order_trigger.js';
import { Migration20261202070115_background_read } from './Migration20261202070115_background_read.js';
import { Migration20261202071058_statistics_bands } from './Migration20261202071058_statistics_bands.js';
import { Migration20261203151000_status_lookup_unlogged } from './Migration20261203151000_status_lookup_unlogged.js';

/** Every committed migration, in order. `npm run migration:create` regenerates this file. */
export const migrations: MigrationObject[] = [
  { name: 'Migration20261122152101_initial', class: Migration20261122152101_initial },
  { name: 'Migration20261202063742_outbox_order_trigger', class: Migration20261202063742_outbox_order_trigger },
  { name: 'Migration20261202070115_background_read', class: Migration20261202070115_background_read },
  { name: 'Migration20261202071058_statistics_bands', class: Migration20261202071058_statistics_bands },
  { name: 'Migration20261203151000_status_lookup_unlogged', class: Migration20261203151000_status_lookup_unlogged },
];
