import { defineEntity, p, type InferEntity } from '@mikro-orm/postgresql';

/**
 * The live feed's log (decision 0016): one row per use registered or cancelled, written in the usage reader's
 * transaction so `sequence` follows commit order; subscribers resume after the last sequence they saw.
 * Ids, dates and counts only — never a card code or background (R9, R27). Read and written by
 * live-usage.repository.ts; declared here so the schema and its migrations stay checked against each other.
 */
export const LiveUsageEntity = defineEntity({
  name: 'LiveUsage',
  tableName: 'live_usage',
  properties: {
    sequence: p.bigint('number').primary().autoincrement(),
    change: p.text().check(`"change" in ('REGISTERED', 'CANCELLED')`),
    usageId: p.uuid(),
    providerId: p.uuid(),
    registeringOrganizationId: p.uuid().nullable(),
    eventId: p.uuid().nullable(),
    eventDate: p.date(),
    eventKind: p.text(),
    cardKind: p.text(),
    childTickets: p.integer(),
    occurredAt: p.datetime(),
    recordedAt: p.datetime().defaultRaw('now()'),
  },
  indexes: [
    { name: 'live_usage_provider_idx', properties: ['providerId', 'sequence'] },
    { name: 'live_usage_registering_idx', properties: ['registeringOrganizationId', 'sequence'] },
    { name: 'live_usage_recorded_idx', properties: ['recordedAt'] },
  ],
});
export type LiveUsage = InferEntity<typeof LiveUsageEntity>;
