import { USAGE_OUTBOX, USAGE_OUTBOX_EVENT_TYPES } from '@kaikukanta/kit';
import { defineEntity, p, type InferEntity } from '@mikro-orm/postgresql';
import { EVENT_KINDS } from '../event/event.model.js';
import { CARD_KINDS } from './usage.model.js';

/**
 * `usage.outbox`: every registration and cancellation, appended in its transaction, for the statistics subgraph
 * (contract: kit/src/contracts/usage-outbox.ts). Ordered by the writing transaction's id (`xid`), not by a lock
 * (decision 0015): readers take only transactions older than every running one. Append-only for the service role.
 */
export const UsageOutboxEntity = defineEntity({
  name: 'UsageOutbox',
  tableName: USAGE_OUTBOX.table,
  indexes: [{ name: 'outbox_xid_id_index', properties: ['xid', 'id'] }],
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    /** The writing transaction, set by the database (`pg_current_xact_id()`), never by the writer. */
    xid: p.string().columnType('xid8').defaultRaw('pg_current_xact_id()').lazy(),
    type: p.enum(USAGE_OUTBOX_EVENT_TYPES),
    usageId: p.uuid(),
    eventId: p.uuid().nullable(),
    providerId: p.uuid(),
    registeringOrganizationId: p.uuid().nullable(),
    registeringRegionId: p.uuid().nullable(),
    eventDate: p.date(),
    eventKind: p.enum(EVENT_KINDS),
    cardKind: p.enum(CARD_KINDS),
    childTickets: p.smallint(),
    groupId: p.uuid().nullable(),
    occurredAt: p.datetime().onCreate(() => new Date()),
    /** The card's id from cards.card_status, never its code: distinct cards used (R25, R27). */
    cardId: p.uuid().nullable(),
  },
});
export type UsageOutbox = InferEntity<typeof UsageOutboxEntity>;
