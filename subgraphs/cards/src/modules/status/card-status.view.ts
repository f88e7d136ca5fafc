import { defineEntity, p, type InferEntity } from '@mikro-orm/postgresql';
import { CARD_KINDS, CARD_STATES } from '../card/card.model.js';

/**
 * `cards.card_status`: the read-only view the cards subgraph publishes for the
 * usage subgraph, which reads it inside its own transaction so that a card
 * ended a moment ago is refused (R13, ARCHITECTURE "Data ownership"). It
 * carries what a venue may know (R29) and nothing of the holder.
 * Contract: columns code, kind, state, granted_on, valid_until, closed_on, child_ticket_limit, card_id (the last
 * for usage's outbox, so statistics can count distinct cards used without a card code, R25).
 */
export const CardStatusView = defineEntity({
  name: 'CardStatusView',
  tableName: 'card_status',
  view: true,
  expression: 'select code, kind, state, granted_on, valid_until, closed_on, child_ticket_limit, id as card_id from cards.card',
  properties: {
    code: p.string().primary(),
    kind: p.enum(CARD_KINDS),
    state: p.enum(CARD_STATES),
    grantedOn: p.date(),
    validUntil: p.date(),
    closedOn: p.date().nullable(),
    childTicketLimit: p.smallint(),
    cardId: p.uuid(),
  },
});
export type CardStatusRow = InferEntity<typeof CardStatusView>;
