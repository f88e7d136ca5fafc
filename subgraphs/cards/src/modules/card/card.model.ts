import { registerEnumType } from 'type-graphql';

/** R10: a personal card belongs to a person, a community card to an organisation. */
export const CARD_KINDS = ['PERSONAL', 'COMMUNITY'] as const;
export type CardKind = (typeof CARD_KINDS)[number];

/** R6: a card is in use until its validity is ended or it is taken out of use. */
export const CARD_STATES = ['ACTIVE', 'ENDED', 'OUT_OF_USE'] as const;
export type CardState = (typeof CARD_STATES)[number];

const asEnum = <T extends string>(values: readonly T[]) => Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };
export const CardKindEnum = asEnum(CARD_KINDS);
export const CardStateEnum = asEnum(CARD_STATES);

registerEnumType(CardKindEnum, { name: 'CardKind', description: 'Personal card or community card (R10).' });
registerEnumType(CardStateEnum, { name: 'CardState', description: 'Whether the card is in use, ended or taken out of use (R6).' });
