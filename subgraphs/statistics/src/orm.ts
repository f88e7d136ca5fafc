import { defineOrm } from '@kaikukanta/kit';
import { migrations } from './migrations/index.js';
import { READ_MODEL_ENTITIES } from './modules/figures/read-model.entity.js';
import { LiveUsageEntity } from './modules/live/live-usage.entity.js';
import { ReaderPositionEntity } from './modules/readers/reader-position.entity.js';
import { PUBLICATION_ENTITIES } from './modules/suppression/publication.entity.js';
import { NationalCounterEntity } from './modules/summary/national-counter.entity.js';

/** The statistics schema: read models derived from the other subgraphs' events, and reader positions. */
export const createOrm = defineOrm({
  schema: 'statistics',
  entities: [NationalCounterEntity, ReaderPositionEntity, LiveUsageEntity, ...READ_MODEL_ENTITIES, ...PUBLICATION_ENTITIES],
  migrations,
  migrationsDir: new URL('../src/migrations/', import.meta.url),
});
