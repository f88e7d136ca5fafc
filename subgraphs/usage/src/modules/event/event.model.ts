import { enumOf } from '@kaikukanta/kit';
import { registerEnumType } from 'type-graphql';

/** A use is one admission, course place or season/day ticket (R11); child tickets are not allowed for course places (R12). */
export const EVENT_KINDS = ['PERFORMANCE', 'COURSE', 'DAY_TICKET'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export const EventKindEnum = enumOf(EVENT_KINDS);
registerEnumType(EventKindEnum, { name: 'EventKind', description: 'Performance, course or day ticket.' });

/**
 * R19: why a provider excluded an event from the card, shown to users in their language. The offering open to
 * other discount groups is open to card holders, so an exclusion is an exception with a visible reason.
 */
export const EXCLUSION_REASONS = ['TOURING_PRODUCTION', 'PREMIERE_OR_GALA', 'CINEMA_RESTRICTION', 'ENROLMENT_RULES', 'OTHER'] as const;
export type ExclusionReason = (typeof EXCLUSION_REASONS)[number];

export const ExclusionReasonEnum = enumOf(EXCLUSION_REASONS);
registerEnumType(ExclusionReasonEnum, { name: 'EventExclusionReason', description: 'Why an event is not available with the card (R19).' });
