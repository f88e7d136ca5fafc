import { defineEntity, p, type InferEntity } from '@mikro-orm/postgresql';
import { ROW_OUTCOMES } from './import.model.js';
import { UsageImportEntity } from './usage-import.entity.js';

/**
 * One row of an imported report: its cells as given (text, never evaluated; a personal identity code masked, R9),
 * as read, the idempotency key of its registration, and its outcome in the preview and after the commit.
 */
export const UsageImportRowEntity = defineEntity({
  name: 'UsageImportRow',
  tableName: 'usage_import_row',
  properties: {
    usageImport: () => p.manyToOne(UsageImportEntity).primary().deleteRule('cascade'),
    line: p.integer().primary(),
    cardCode: p.text(),
    eventName: p.text(),
    eventDateText: p.text(),
    eventTimeText: p.text(),
    childTicketsText: p.text(),
    eventReference: p.text(),
    orderReference: p.text(),
    /** The row's stable identity, the idempotency key of its registration (decision 0018). */
    rowKey: p.string().length(100),
    /** SHA-256 of the row's normalised content: an order reference met again with other content is told apart. */
    rowHash: p.string().length(64),
    eventId: p.uuid().nullable(),
    previewOutcome: p.enum(ROW_OUTCOMES),
    outcome: p.enum(ROW_OUTCOMES),
    /** `[{ code, field }]`: the registration's problem codes, or the import's own for unreadable cells. */
    problems: p.json<{ code: string; field: string }[]>(),
    /** As read: the Finnish day, the time (HH:MM) and the child tickets; null where the cell could not be read. */
    eventDate: p.date().nullable(),
    eventTime: p.string().length(5).nullable(),
    childTickets: p.integer().nullable(),
    /** False when a cell could not be read: the row stays refused for its `problems`, the rules are not asked. */
    readable: p.boolean(),
    usageId: p.uuid().nullable(),
  },
});
export type UsageImportRow = InferEntity<typeof UsageImportRowEntity>;
