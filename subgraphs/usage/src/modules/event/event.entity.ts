import { defineEntity, p, type InferEntity } from '@mikro-orm/postgresql';
import { EVENT_KINDS, EXCLUSION_REASONS } from './event.model.js';

/** An event (performance, course, day ticket) of a culture provider, with its optional cap (R20). */
export const EventEntity = defineEntity({
  name: 'Event',
  tableName: 'event',
  // R21: the database holds the cap whoever writes: no registration path, and no cap lowered below the card holders
  // already registered, can leave more card holders than the cap.
  checks: [{ name: 'event_used_within_cap_check', expression: 'cap is null or used <= cap' }],
  properties: {
    id: p.uuid().primary(),
    /** organizations.organization.id of the culture provider. */
    providerId: p.uuid().index(),
    name: p.string().length(200),
    kind: p.enum(EVENT_KINDS),
    startsAt: p.datetime(),
    /** R20: the most card holders per performance; null when the provider sets none. */
    cap: p.integer().nullable().check('cap is null or cap >= 0'),
    /**
     * R21: card holders registered for the event and not cancelled. Moved only by the conditional update in the
     * registration transaction (`used + n <= cap`, usage/usage.repository.ts `insertUses`), never counted then inserted.
     */
    used: p.integer().default(0).check('used >= 0'),
    /** R20: tickets of the performance (venue capacity), course places, or day tickets a day; the cap never exceeds it. */
    capacity: p.integer().check('capacity > 0 and (cap is null or cap <= capacity)'),
    /** R20: a guest producer's performance (the 2–10 rule). */
    guestProducer: p.boolean().default(false),
    /** R22: reservations open this many days before the event; null: no limit. */
    reservationOpensDaysBefore: p.smallint().nullable().check('reservation_opens_days_before >= 1 and reservation_opens_days_before <= 365'),
    /** R22: redemption opens this many minutes before the event; null: no limit. */
    redemptionOpensMinutesBefore: p.smallint().nullable().check('redemption_opens_minutes_before >= 1 and redemption_opens_minutes_before <= 1440'),
    /** R19: set when the provider excludes the event from the card; the reason is shown to users. */
    exclusionReason: p.enum(EXCLUSION_REASONS).nullable(),
    exclusionNote: p.string().length(300).nullable().check('exclusion_note is null or exclusion_reason is not null'),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
});
export type Event = InferEntity<typeof EventEntity>;
