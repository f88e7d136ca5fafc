import { LocalDateScalar } from '@kaikukanta/kit';
import { Field, Int, ObjectType } from 'type-graphql';
import { CardKindEnum, StatusReasonEnum, type CardKind, type StatusReason } from '../card/card.model.js';

/**
 * R29: what a venue, ticket agent or partner system learns about a card —
 * whether it can be used on the day, why not, its kind, last valid day and
 * child-ticket allowance. Nothing else; never background data. An unknown
 * code gets the same answer whatever it is.
 */
@ObjectType('CardStatus')
export class CardStatusType {
  @Field(() => String, { description: 'The code as normalised (R2).' })
  code!: string;

  @Field(() => LocalDateScalar, { description: 'The day asked about.' })
  on!: string;

  @Field(() => Boolean)
  usable!: boolean;

  @Field(() => StatusReasonEnum, { nullable: true, description: 'Why the card cannot be used; null when it can.' })
  reason!: StatusReason | null;

  @Field(() => CardKindEnum, { nullable: true, description: 'Null for an unregistered code.' })
  kind!: CardKind | null;

  @Field(() => LocalDateScalar, {
    nullable: true,
    description: 'The last day the card can be used — the same day as `Card.lastValidDay` (R5, R6; decision 0006). Null for an unregistered code and for a card closed on its grant day.',
  })
  lastValidDay!: string | null;

  @Field(() => Int, { nullable: true, description: 'How many child tickets one use may carry (R11b); null for an unregistered code.' })
  childTicketLimit!: number | null;
}
