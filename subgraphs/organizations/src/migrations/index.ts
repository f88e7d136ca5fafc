import type { MigrationObject } from '@kaikukanta/kit';
import { Migration20261122033342_initial } from './Migration20261122033342_initial.js';
import { Migration20261202064019_login_throttle_window } from './Migration20261202064019_login_throttle_window.js';
import { Migration20261202064534_published_scope_views } from './Migration20261202064534_published_scope_views.js';
import { Migration20261202064927_password_reset } from './Migration20261202064927_password_reset.js';
import { Migration20261202071157_statistics_field } from './Migration20261202071157_statistics_field.js';
import { Migration20261202115653_culture_officer_municipality } from './Migration20261202115653_culture_officer_municipality.js';

/** Every committed migration, in order. `npm run migration:create` regenerates this file. */
export const migrations: MigrationObject[] = [
  { name: 'Migration20261122033342_initial', class: Migration20261122033342_initial },
  { name: 'Migration20261202064019_login_throttle_window', class: Migration20261202064019_login_throttle_window },
  { name: 'Migration20261202064534_published_scope_views', class: Migration20261202064534_published_scope_views },
  { name: 'Migration20261202064927_password_reset', class: Migration20261202064927_password_reset },
  { name: 'Migration20261202071157_statistics_field', class: Migration20261202071157_statistics_field },
  { name: 'Migration20261202115653_culture_officer_municipality', class: Migration20261202115653_culture_officer_municipality },
];
