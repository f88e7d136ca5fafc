import { defineEntity, p, type InferEntity } from '@mikro-orm/postgresql';
import { CARD_KINDS, CARD_STATES } from './card.model.js';

/**
 * A registered card. R9: nothing here identifies the holder — the code is the
 * card's, not the person's, and background data (a later table) holds only
 * the R8 fields.
 */
export const CardEntity = defineEntity({
  name: 'Card',
  tableName: 'card',
  properties: {
    id: p.uuid().primary(),
    /** R1/R2: letters and digits only, upper case, no spaces. */
    code: p.string().length(20).unique(),
    kind: p.enum(CARD_KINDS),
    /** The registering organisation (organizations.organization.id; another subgraph's key, so no foreign key). */
    distributorId: p.uuid().index(),
    grantedOn: p.date(),
    /** R5: the last day the card is valid. */
    validUntil: p.date(),
    state: p.enum(CARD_STATES).default('ACTIVE'),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type Card = InferEntity<typeof CardEntity>;
