import { enumOf } from '@kaikukanta/kit';
import { registerEnumType } from 'type-graphql';


/** R10: a personal card belongs to a person, a community card to an organisation. */
export const CARD_KINDS = ['PERSONAL', 'COMMUNITY'] as const;
export type CardKind = (typeof CARD_KINDS)[number];

/** R6: a card is in use until its validity is ended or it is taken out of use. */
export const CARD_STATES = ['ACTIVE', 'ENDED', 'OUT_OF_USE'] as const;
export type CardState = (typeof CARD_STATES)[number];

/** R6: why a card was taken out of use. A closed list: free text could carry personal data (R9). */
export const OUT_OF_USE_REASONS = ['LOST', 'STOLEN', 'DAMAGED', 'HOLDER_REQUEST', 'MISUSE', 'REPLACED', 'OTHER'] as const;
export type OutOfUseReason = (typeof OUT_OF_USE_REASONS)[number];

/** R6: every change to a card's validity, kept in its history with who and when. */
export const HISTORY_KINDS = ['REGISTERED', 'EXTENDED', 'ENDED', 'TAKEN_OUT_OF_USE'] as const;
export type HistoryKind = (typeof HISTORY_KINDS)[number];

/** Why a card cannot be used on a day (R3, R5, R6, R13). */
export const STATUS_REASONS = ['NOT_REGISTERED', 'NOT_YET_VALID', 'EXPIRED', 'ENDED', 'OUT_OF_USE'] as const;
export type StatusReason = (typeof STATUS_REASONS)[number];

export const CardKindEnum = enumOf(CARD_KINDS);
export const CardStateEnum = enumOf(CARD_STATES);
export const OutOfUseReasonEnum = enumOf(OUT_OF_USE_REASONS);
export const HistoryKindEnum = enumOf(HISTORY_KINDS);
export const StatusReasonEnum = enumOf(STATUS_REASONS);

registerEnumType(CardKindEnum, { name: 'CardKind', description: 'Personal card or community card (R10).' });
registerEnumType(CardStateEnum, { name: 'CardState', description: 'Whether the card is in use, ended or taken out of use (R6).' });
registerEnumType(OutOfUseReasonEnum, { name: 'OutOfUseReason', description: 'Why a card was taken out of use (R6).' });
registerEnumType(HistoryKindEnum, { name: 'CardHistoryKind', description: 'A change in a card’s validity (R6).' });
registerEnumType(StatusReasonEnum, {
  name: 'CardStatusReason',
  description: 'Why a card cannot be used on the day asked: not registered (R3), not yet valid or expired (R5), ended or out of use (R6).',
});

/** R10: a community card covers its user and the accompanied clients under 16 of a small group (2–5). */
export const COMMUNITY_CHILD_TICKET_LIMIT = 5;
