import { defineEntity, p } from '@mikro-orm/postgresql';

/**
 * Decision 0019: which rebuild of the read models the published figures come from. One row; `rebuildStatistics`
 * adds one in its own transaction, so every replica sees a snapshot of an older generation as stale.
 */
export const PublicationGenerationEntity = defineEntity({
  name: 'PublicationGeneration',
  tableName: 'publication_generation',
  properties: {
    id: p.smallint().primary().autoincrement(false),
    generation: p.integer().default(1),
  },
});

/**
 * Decision 0019: the published step of one year's suppressed tables (R27) — what every suppressed caller is served
 * until the next step, by every replica. Identity: (generation, reader positions); `stepAt` is the step it was last
 * confirmed at (the figures did not change since). Cells and counts only (R9): the tables as gzipped JSON.
 */
export const PublishedYearEntity = defineEntity({
  name: 'PublishedYear',
  tableName: 'published_year',
  properties: {
    year: p.integer().primary().autoincrement(false),
    generation: p.integer(),
    positions: p.text(),
    stepAt: p.datetime(),
    computedMs: p.integer(),
    tables: p.blob(),
  },
});

export const PUBLICATION_ENTITIES = [PublicationGenerationEntity, PublishedYearEntity];
