import { defineEntity, p } from '@mikro-orm/postgresql';

/** Table of outbox reader positions, in the reading subgraph's own schema. */
export const READER_POSITION_TABLE = 'reader_position';

/**
 * The entity of a subgraph's `reader_position` table: one row per outbox it
 * reads, holding the id of the last event it applied. `sources` is the closed
 * list of outboxes it may read (a check constraint), so a typo in a reader
 * fails on its first transaction instead of starting a second, empty position.
 * Add the entity to the subgraph's ORM and create a migration.
 */
export function defineReaderPositionEntity<const S extends string>(sources: readonly [S, ...S[]]) {
  return defineEntity({
    name: 'ReaderPosition',
    tableName: READER_POSITION_TABLE,
    properties: {
      source: p.enum(sources).primary(),
      position: p.bigint('number').default(0),
      updatedAt: p.datetime().nullable(),
    },
  });
}
