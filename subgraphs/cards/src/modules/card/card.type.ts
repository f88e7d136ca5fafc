import { LocalDateScalar } from '@kaikukanta/kit';
import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { OrganizationRef } from '../organization/organization.type.js';
import type { Card } from './card.entity.js';
import { CardKindEnum, CardStateEnum, type CardKind, type CardState } from './card.model.js';

@ObjectType('Card', { description: 'A registered Kaikukortti. Carries no data about its holder (R9).' })
@Directive('@key(fields: "id")')
export class CardType {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'The card code, normalised (R2).' })
  code!: string;

  @Field(() => CardKindEnum)
  kind!: CardKind;

  @Field(() => CardStateEnum)
  state!: CardState;

  @Field(() => LocalDateScalar)
  grantedOn!: string;

  @Field(() => LocalDateScalar, { description: 'The last valid day (R5).' })
  validUntil!: string;

  @Field(() => OrganizationRef, { description: 'The organisation that registered the card.' })
  distributor!: OrganizationRef;

  static from(entity: Card): CardType {
    return Object.assign(new CardType(), {
      id: entity.id,
      code: entity.code,
      kind: entity.kind,
      state: entity.state,
      grantedOn: entity.grantedOn,
      validUntil: entity.validUntil,
      distributor: OrganizationRef.of(entity.distributorId),
    });
  }
}
