import { LocalDateScalar } from '@kaikukanta/kit';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { OrganizationRef } from '../organization/organization.type.js';
import type { Card, CardHistory } from './card.entity.js';
import {
  CardKindEnum,
  CardStateEnum,
  HistoryKindEnum,
  OutOfUseReasonEnum,
  StatusReasonEnum,
  type CardKind,
  type CardState,
  type HistoryKind,
  type OutOfUseReason,
  type StatusReason,
} from './card.model.js';
import { lastUsableDay, statusOn } from './card-status.js';
import { addDays, todayInFinland } from '@kaikukanta/kit';

const minDay = (a: string, b: string) => (a < b ? a : b);

@ObjectType('Card', { description: 'A registered Kaikukortti. Carries no data that identifies its holder (R9).' })
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

  @Field(() => LocalDateScalar, { description: 'The grant date, shown on the card (R5).' })
  grantedOn!: string;

  @Field(() => LocalDateScalar, { nullable: true, description: 'The last day of the trial when granted on trial (R5).' })
  trialEndsOn!: string | null;

  @Field(() => LocalDateScalar, { description: 'The end of the validity period as granted or last extended (R5, R6); ending does not move it. Show `lastValidDay`.' })
  validUntil!: string;

  @Field(() => LocalDateScalar, {
    nullable: true,
    description:
      'The last day the card can be used (R5, R6; decision 0006): `validUntil`, or the day before `closedOn` when ended or taken out of use earlier. The same day `cardStatus.lastValidDay` answers. Null when closed on the grant day.',
  })
  lastValidDay!: string | null;

  @Field(() => LocalDateScalar, { nullable: true, description: 'From this day on an ended or out-of-use card cannot be used (R6).' })
  closedOn!: string | null;

  @Field(() => OutOfUseReasonEnum, { nullable: true })
  outOfUseReason!: OutOfUseReason | null;

  @Field(() => Boolean, { description: 'Whether the card can be used today (R13).' })
  usableToday!: boolean;

  @Field(() => StatusReasonEnum, { nullable: true, description: 'Why the card cannot be used today; null when it can.' })
  reasonToday!: StatusReason | null;

  @Field(() => Int, { description: 'Child tickets one use may carry (R11b).' })
  childTicketLimit!: number;

  @Field(() => OrganizationRef, { description: 'The organisation that registered the card (for a community card, its owner, R10).' })
  distributor!: OrganizationRef;

  @Field(() => Date)
  registeredAt!: Date;

  /** Not a field: who may see background data and history. */
  regionId!: string | null;

  static from(entity: Card, today = todayInFinland()): CardType {
    const status = statusOn(entity, today);
    return Object.assign(new CardType(), {
      id: entity.id,
      code: entity.code,
      kind: entity.kind,
      state: entity.state,
      grantedOn: entity.grantedOn,
      trialEndsOn: entity.trialEndsOn ?? null,
      validUntil: entity.validUntil,
      lastValidDay: lastUsableDay(entity),
      closedOn: entity.closedOn ?? null,
      outOfUseReason: entity.outOfUseReason ?? null,
      usableToday: status.usable,
      reasonToday: status.reason,
      childTicketLimit: entity.childTicketLimit,
      distributor: OrganizationRef.of(entity.distributorId),
      registeredAt: entity.createdAt,
      regionId: entity.regionId ?? null,
    });
  }
}

@ObjectType('CardHistoryEntry', { description: 'One change in a card’s validity, with who and when (R6).' })
export class CardHistoryEntryType {
  @Field(() => ID)
  id!: string;

  @Field(() => HistoryKindEnum)
  kind!: HistoryKind;

  @Field(() => LocalDateScalar, { description: 'The day the change takes effect.' })
  effectiveOn!: string;

  @Field(() => LocalDateScalar, { description: 'The last valid day after the change.' })
  validUntil!: string;

  @Field(() => OutOfUseReasonEnum, { nullable: true })
  outOfUseReason!: OutOfUseReason | null;

  @Field(() => ID, { nullable: true, description: 'The registry user who made the change.' })
  actorUserId!: string | null;

  @Field(() => OrganizationRef, { nullable: true, description: 'The organisation the change was made for.' })
  actorOrganization!: OrganizationRef | null;

  @Field(() => Date)
  at!: Date;

  static from(entity: CardHistory): CardHistoryEntryType {
    return Object.assign(new CardHistoryEntryType(), {
      id: entity.id,
      kind: entity.kind,
      effectiveOn: entity.effectiveOn,
      // Decision 0006: an ending's row names the last day the card could be used, as the card and a venue do.
      validUntil: entity.kind === 'ENDED' || entity.kind === 'TAKEN_OUT_OF_USE' ? minDay(entity.validUntil, addDays(entity.effectiveOn, -1)) : entity.validUntil,
      outOfUseReason: entity.outOfUseReason ?? null,
      actorUserId: entity.actorUserId ?? null,
      actorOrganization: entity.actorOrganizationId ? OrganizationRef.of(entity.actorOrganizationId) : null,
      at: entity.at,
    });
  }
}

@ObjectType('CardPage', { description: 'One page of cards and how many match in all.' })
export class CardPageType {
  @Field(() => [CardType])
  items!: CardType[];

  @Field(() => Int)
  total!: number;
}
