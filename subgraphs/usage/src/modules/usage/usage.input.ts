import { LocalDateScalar } from '@kaikukanta/kit';
import { Field, ID, InputType, Int } from 'type-graphql';
import { EventKindEnum, type EventKind } from '../event/event.model.js';
import { CancelReasonEnum, type CancelReason } from './usage.model.js';

@InputType({ description: 'An event the registry keeps none of, as an agency’s sales report names it (R17).' })
export class ReportedEventInput {
  @Field(() => ID, { description: 'The culture provider whose event it is.' })
  providerId!: string;

  @Field(() => String)
  name!: string;

  @Field(() => LocalDateScalar, { description: 'The event’s day in Finland.' })
  date!: string;

  @Field(() => EventKindEnum, { defaultValue: 'PERFORMANCE' })
  kind!: EventKind;
}

@InputType('UsageTargetInput')
abstract class TargetInput {
  @Field(() => ID, { nullable: true, description: 'A kept event; or give `report` instead.' })
  eventId?: string | null;

  @Field(() => ReportedEventInput, { nullable: true, description: 'An event named by a sales report, where none is kept (R17).' })
  report?: ReportedEventInput | null;

  @Field(() => Date, {
    nullable: true,
    description: 'R16: when the use was captured offline (the device’s time). The card and the cap are judged for the event’s day whenever it is sent.',
  })
  capturedAt?: Date | null;
}

@InputType({ description: 'One use (R11): a card code, the one adult ticket implied, and child tickets.' })
export class RegisterUsageInput extends TargetInput {
  @Field(() => String, { description: 'Client-made key (8–100 of A–Z a–z 0–9 . _ : -), unique per organisation: a retry with it returns the first answer.' })
  idempotencyKey!: string;

  @Field(() => String, { description: 'As typed, scanned (Code 39) or read from the QR code; normalised as cards stores it (R2).' })
  cardCode!: string;

  @Field(() => Int, { defaultValue: 0, description: 'Child tickets besides the one adult ticket (R11, R11b; none for courses, R12).' })
  childTickets!: number;
}

@InputType({ description: 'What `usageCheck` judges: a use as it would be registered, nothing written.' })
export class CheckUsageInput extends TargetInput {
  @Field(() => String)
  cardCode!: string;

  @Field(() => Int, { defaultValue: 0 })
  childTickets!: number;
}

@InputType({ description: 'A group member’s own card (R14).' })
export class GroupMemberInput {
  @Field(() => String)
  cardCode!: string;

  @Field(() => Int, { defaultValue: 0 })
  childTickets!: number;
}

@InputType({ description: 'R14: the staff’s community card and every member’s card for one event, registered all or nothing.' })
export class RegisterGroupVisitInput extends TargetInput {
  @Field(() => String)
  idempotencyKey!: string;

  @Field(() => String, { description: 'The accompanying staff member’s community card (R10).' })
  staffCardCode!: string;

  @Field(() => Int, { defaultValue: 0, description: 'Clients under 16 on the staff’s card (R10).' })
  staffChildTickets!: number;

  @Field(() => [GroupMemberInput], { description: '1–5 members, each with their own card.' })
  members!: GroupMemberInput[];
}

@InputType()
export class CancelUsageInput {
  @Field(() => String)
  idempotencyKey!: string;

  @Field(() => ID)
  usageId!: string;

  @Field(() => CancelReasonEnum)
  reason!: CancelReason;
}
