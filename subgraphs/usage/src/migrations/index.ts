import type { MigrationObject } from '@kaikukanta/kit';
import { Migration20261122032105_initial } from './Migration20261122032105_initial.js';
import { Migration20261202064805_registration } from './Migration20261202064805_registration.js';
import { Migration20261202070500_event_keeping } from './Migration20261202070500_event_keeping.js';
import { Migration20261202070955_officer_registrations } from './Migration20261202070955_officer_registrations.js';
import { Migration20261202071155_statistics_card_id } from './Migration20261202071155_statistics_card_id.js';
import { Migration20261202072535_import } from './Migration20261202072535_import.js';
import { Migration20261202115551_import_job_seen } from './Migration20261202115551_import_job_seen.js';
import { Migration20261202121000_import_row_fillfactor } from './Migration20261202121000_import_row_fillfactor.js';

/** Every committed migration, in order. `npm run migration:create` regenerates this file. */
export const migrations: MigrationObject[] = [
  { name: 'Migration20261122032105_initial', class: Migration20261122032105_initial },
  { name: 'Migration20261202064805_registration', class: Migration20261202064805_registration },
  { name: 'Migration20261202070500_event_keeping', class: Migration20261202070500_event_keeping },
  { name: 'Migration20261202070955_officer_registrations', class: Migration20261202070955_officer_registrations },
  { name: 'Migration20261202071155_statistics_card_id', class: Migration20261202071155_statistics_card_id },
  { name: 'Migration20261202072535_import', class: Migration20261202072535_import },
  { name: 'Migration20261202115551_import_job_seen', class: Migration20261202115551_import_job_seen },
  { name: 'Migration20261202121000_import_row_fillfactor', class: Migration20261202121000_import_row_fillfactor },
];
