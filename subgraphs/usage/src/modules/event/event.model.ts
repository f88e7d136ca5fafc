import { enumOf } from '@kaikukanta/kit';
import { registerEnumType } from 'type-graphql';

/** A use is one admission, course place or season/day ticket (R11); child tickets are not allowed for course places (R12). */
export const EVENT_KINDS = ['PERFORMANCE', 'COURSE', 'DAY_TICKET'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export const EventKindEnum = enumOf(EVENT_KINDS);
registerEnumType(EventKindEnum, { name: 'EventKind', description: 'Performance, course or day ticket.' });
