import { defineEntity, p, type InferEntity } from '@mikro-orm/postgresql';
import { EVENT_KINDS } from './event.model.js';

/** An event (performance, course, day ticket) of a culture provider, with its optional cap (R20). */
export const EventEntity = defineEntity({
  name: 'Event',
  tableName: 'event',
  properties: {
    id: p.uuid().primary(),
    /** organizations.organization.id of the culture provider. */
    providerId: p.uuid().index(),
    name: p.string().length(200),
    kind: p.enum(EVENT_KINDS),
    startsAt: p.datetime(),
    /** R20: the most card holders per performance; null when the provider sets none. */
    cap: p.integer().nullable().check('cap is null or cap >= 0'),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type Event = InferEntity<typeof EventEntity>;
