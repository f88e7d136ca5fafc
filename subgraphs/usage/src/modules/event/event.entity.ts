import { defineEntity, p, type InferEntity } from '@mikro-orm/postgresql';
import { EVENT_KINDS } from './event.model.js';

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
     * registration transaction (`used + n <= cap`, usage/usage.repository.ts `takePlaces`), never counted then inserted.
     */
    used: p.integer().default(0).check('used >= 0'),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type Event = InferEntity<typeof EventEntity>;
