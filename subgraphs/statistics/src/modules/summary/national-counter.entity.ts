import { defineEntity, p, type InferEntity } from '@mikro-orm/postgresql';

/**
 * The national read model: one row of counters, fed by the other subgraphs'
 * outbox events (R24). Holds numbers only, never card codes or background rows.
 */
export const NationalCounterEntity = defineEntity({
  name: 'NationalCounter',
  tableName: 'national_counter',
  properties: {
    scope: p.string().length(20).primary(),
    cardsRegistered: p.integer().default(0),
    cardsUsed: p.integer().default(0),
    uses: p.integer().default(0),
    updatedAt: p.datetime().nullable(),
  },
});
export type NationalCounter = InferEntity<typeof NationalCounterEntity>;
