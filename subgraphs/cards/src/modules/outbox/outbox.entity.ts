import { defineEntity, p, type InferEntity } from '@mikro-orm/postgresql';
import { CARD_KINDS, HISTORY_KINDS } from '../card/card.model.js';

/**
 * Events for other subgraphs (ARCHITECTURE "Data ownership"): appended in the
 * same transaction as the change they describe, read in order of `id` by
 * readers that keep their position in their own schema. Typed columns, not a
 * JSON payload: no background data and no free text can ride along (R9, R27).
 */
export const OutboxEntity = defineEntity({
  name: 'Outbox',
  tableName: 'outbox',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    type: p.enum(HISTORY_KINDS),
    cardId: p.uuid(),
    cardKind: p.enum(CARD_KINDS),
    distributorId: p.uuid(),
    regionId: p.uuid().nullable(),
    effectiveOn: p.date(),
    validUntil: p.date(),
    occurredAt: p.datetime().onCreate(() => new Date()),
  },
});
export type Outbox = InferEntity<typeof OutboxEntity>;

/** Channel of the NOTIFY sent with every outbox append (delivered when the transaction commits). */
export const OUTBOX_CHANNEL = 'cards_outbox';
