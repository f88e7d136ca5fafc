import { CODE_PATTERN } from '@kaikukanta/kit';
import { defineEntity, p, type InferEntity } from '@mikro-orm/postgresql';
import { EventEntity } from '../event/event.entity.js';
import { EVENT_KINDS } from '../event/event.model.js';
import { CANCEL_REASONS, CARD_KINDS } from './usage.model.js';

/**
 * One use (R11): one ticket acquisition with a card — the card code, exactly one adult ticket (implicit, never
 * stored or asked) and `childTickets` — for a kept event, or for an event name and date where none is kept (an
 * agency's sales report, R17). Cancelled uses stay, marked, as history.
 */
export const UsageEntity = defineEntity({
  name: 'Usage',
  tableName: 'usage',
  checks: [
    { name: 'usage_cancelled_check', expression: '(cancelled_at is null) = (cancel_reason is null)' },
    { name: 'usage_registrar_check', expression: '(registered_by_user_id is null) <> (api_key_id is null)' },
    { name: 'usage_registering_scope_check', expression: '(registering_organization_id is null) <> (registering_region_id is null)' },
  ],
  properties: {
    id: p.uuid().primary(),
    /** The kept event, or null for a reported one (R17). */
    event: () => p.manyToOne(EventEntity).nullable().index(),
    /** The event's culture provider (organizations.organization.id). */
    providerId: p.uuid().index(),
    eventName: p.string().length(200),
    /** The event's Finnish calendar day: validity is judged for it (R13, decision 0006). */
    eventDate: p.date(),
    eventKind: p.enum(EVENT_KINDS),
    /** R2: normalised as the cards subgraph stores it. */
    cardCode: p.string().length(20).index().check(`card_code ~ '${CODE_PATTERN}'`),
    cardKind: p.enum(CARD_KINDS),
    /** R11/R11b: child tickets besides the one adult ticket. */
    childTickets: p.smallint().check('child_tickets >= 0 and child_tickets <= 20'),
    /** R14: the group visit this use belongs to. */
    groupId: p.uuid().nullable().index(),
    /** Whose staff or partner system registered it; only it may cancel. */
    registeringOrganizationId: p.uuid().nullable().index(),
    /** Or: the region of the culture officer who registered it (a region-scoped membership), instead of an organisation. */
    registeringRegionId: p.uuid().nullable().index(),
    registeredByUserId: p.uuid().nullable(),
    apiKeyId: p.uuid().nullable(),
    /** R16: when the use was captured offline, as the device says; null when registered at once. */
    capturedAt: p.datetime().nullable(),
    registeredAt: p.datetime().onCreate(() => new Date()),
    cancelledAt: p.datetime().nullable(),
    cancelReason: p.enum(CANCEL_REASONS).nullable(),
    cancelledByUserId: p.uuid().nullable(),
    cancelledByApiKeyId: p.uuid().nullable(),
  },
});
export type Usage = InferEntity<typeof UsageEntity>;
