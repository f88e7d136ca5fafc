import { Field, ID, InputType, Int } from 'type-graphql';
import { EventKindEnum, ExclusionReasonEnum, type EventKind, type ExclusionReason } from './event.model.js';

const START = 'Start as wall-clock time in Finland, YYYY-MM-DDTHH:MM; add +03:00 or +02:00 only to pick one of the two 03:xx of the October night (decision 0014).';

@InputType('CreateEventInput', { description: 'A new event of a culture provider (R19–R22).' })
export class CreateEventInput {
  @Field(() => ID)
  providerId!: string;

  @Field(() => String)
  name!: string;

  @Field(() => EventKindEnum)
  kind!: EventKind;

  @Field(() => String, { description: START })
  startsAt!: string;

  @Field(() => Int, { description: 'Tickets of the performance, course places, or day tickets a day (R20).' })
  capacity!: number;

  @Field(() => Int, { nullable: true, description: 'Most card holders (R20); none when omitted. Not lower than the rule of the event allows.' })
  cap?: number | null;

  @Field(() => Boolean, { nullable: true, description: 'A guest producer’s performance (R20: 2–10).' })
  guestProducer?: boolean | null;

  @Field(() => Int, { nullable: true, description: 'R22: reservations open this many days before the event.' })
  reservationOpensDaysBefore?: number | null;

  @Field(() => Int, { nullable: true, description: 'R22: redemption opens this many minutes before the start.' })
  redemptionOpensMinutesBefore?: number | null;
}

/** Only the fields given change; `clearCap` / `clearTimeLimits` remove a cap or the time limits (null means "unchanged"). */
@InputType('UpdateEventInput', { description: 'Changes to an event; omitted fields stay as they are.' })
export class UpdateEventInput {
  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => EventKindEnum, { nullable: true })
  kind?: EventKind | null;

  @Field(() => String, { nullable: true, description: START })
  startsAt?: string | null;

  @Field(() => Int, { nullable: true })
  capacity?: number | null;

  @Field(() => Int, { nullable: true })
  cap?: number | null;

  @Field(() => Boolean, { nullable: true, description: 'Remove the cap (R20: it is optional).' })
  clearCap?: boolean | null;

  @Field(() => Boolean, { nullable: true })
  guestProducer?: boolean | null;

  @Field(() => Int, { nullable: true })
  reservationOpensDaysBefore?: number | null;

  @Field(() => Int, { nullable: true })
  redemptionOpensMinutesBefore?: number | null;

  @Field(() => Boolean, { nullable: true, description: 'Remove both time limits (R22).' })
  clearTimeLimits?: boolean | null;
}

@InputType('ExcludeEventInput', { description: 'R19: take an event out of the card offering, with a reason users see.' })
export class ExcludeEventInput {
  @Field(() => ExclusionReasonEnum)
  reason!: ExclusionReason;

  @Field(() => String, { nullable: true, description: 'Shown to users beside the reason; at most 300 characters.' })
  note?: string | null;
}
