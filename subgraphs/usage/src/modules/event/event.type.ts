import { LocalizedText } from '@kaikukanta/kit';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { OrganizationRef } from '../organization/organization.type.js';
import { CAP_RULE_TEXT, type CapMinimum, type CapRule } from './cap-rules.js';
import type { Event } from './event.entity.js';
import { formatHelsinki } from './event-time.js';
import { EventKindEnum, ExclusionReasonEnum, type EventKind, type ExclusionReason } from './event.model.js';
import { EXCLUSION_TEXT } from './exclusion-text.js';
import { redemptionOpensAt, reservationOpensAt } from './time-limits.js';

@ObjectType('EventExclusion', { description: 'R19: why the event is not available with the card, shown to users.' })
export class EventExclusionType {
  @Field(() => ExclusionReasonEnum)
  reason!: ExclusionReason;

  @Field(() => LocalizedText)
  text!: LocalizedText;

  @Field(() => String, { nullable: true, description: "The provider's own words, if any." })
  note!: string | null;
}

@ObjectType('EventCapMinimum', { description: 'R20: the lowest cap an event allows, and the rule that sets it.' })
export class CapMinimumType {
  @Field(() => String, { description: 'TINY, GUEST_PRODUCER, COURSE, SMALL, SWIMMING_HALL, MASS_EVENT or GENERAL.' })
  rule!: CapRule;

  @Field(() => Int)
  minimum!: number;

  @Field(() => LocalizedText)
  text!: LocalizedText;

  static from(value: CapMinimum): CapMinimumType {
    return Object.assign(new CapMinimumType(), { ...value, text: LocalizedText.of(CAP_RULE_TEXT[value.rule]) });
  }
}

@ObjectType('Event', { description: "A culture provider's performance, course or day ticket." })
@Directive('@key(fields: "id")')
export class EventType {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => EventKindEnum)
  kind!: EventKind;

  @Field(() => Date)
  startsAt!: Date;

  /** Computed when asked (issue 12: a Helsinki wall time per event cost the public lists that never ask for it). */
  @Field(() => String, { description: 'The start on Finnish clocks with its offset, e.g. 2026-10-25T03:30+02:00.' })
  get startsAtLocal(): string {
    return formatHelsinki(this.startsAt);
  }

  @Field(() => Int, { description: 'Tickets of the performance, course places, or day tickets a day (R20).' })
  capacity!: number;

  @Field(() => Int, { nullable: true, description: 'Most card holders admitted (R20); null when no cap.' })
  cap!: number | null;

  @Field(() => Boolean, { description: 'A guest producer’s performance (R20).' })
  guestProducer!: boolean;

  @Field(() => Int, { nullable: true, description: 'R22: reservations open this many days before the event.' })
  reservationOpensDaysBefore!: number | null;

  @Field(() => Date, { nullable: true, description: 'R22: from when card holders may reserve (midnight in Finland); null: no limit.' })
  get reservationOpensAt(): Date | null {
    return reservationOpensAt(this.startsAt, this.reservationOpensDaysBefore);
  }

  @Field(() => Int, { nullable: true, description: 'R22: redemption opens this many minutes before the start.' })
  redemptionOpensMinutesBefore!: number | null;

  @Field(() => Date, { nullable: true, description: 'R22: from when the ticket may be redeemed; null: no limit.' })
  get redemptionOpensAt(): Date | null {
    return redemptionOpensAt(this.startsAt, this.redemptionOpensMinutesBefore);
  }

  @Field(() => Boolean, { description: 'R19: false when the provider has excluded the event from the card.' })
  availableWithCard!: boolean;

  @Field(() => EventExclusionType, { nullable: true })
  exclusion!: EventExclusionType | null;

  @Field(() => OrganizationRef)
  provider!: OrganizationRef;

  providerId!: string;

  static from(entity: Event): EventType {
    const exclusion = entity.exclusionReason
      ? Object.assign(new EventExclusionType(), { reason: entity.exclusionReason, text: LocalizedText.of(EXCLUSION_TEXT[entity.exclusionReason]), note: entity.exclusionNote ?? null })
      : null;
    return Object.assign(new EventType(), {
      id: entity.id,
      name: entity.name,
      kind: entity.kind,
      startsAt: entity.startsAt,
      capacity: entity.capacity,
      cap: entity.cap ?? null,
      guestProducer: entity.guestProducer,
      reservationOpensDaysBefore: entity.reservationOpensDaysBefore ?? null,
      redemptionOpensMinutesBefore: entity.redemptionOpensMinutesBefore ?? null,
      availableWithCard: exclusion === null,
      exclusion,
      providerId: entity.providerId,
      provider: OrganizationRef.of(entity.providerId),
    });
  }
}
