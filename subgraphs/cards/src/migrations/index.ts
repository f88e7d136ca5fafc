import type { MigrationObject } from '@kaikukanta/kit';
import { Migration20261122152101_initial } from './Migration20261122152101_initial.js';

/** Every committed migration, in order. `npm run migration:create` regenerates this file. */
export const migrations: MigrationObject[] = [
  { name: 'Migration20261122152101_initial', class: Migration20261122152101_initial },
];
