import { LocalDateScalar } from '@kaikukanta/kit';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { EventKindEnum, type EventKind } from '../event/event.model.js';
import { EventType } from '../event/event.type.js';
import { OrganizationRef } from '../organization/organization.type.js';
import type { RegistrationProblem } from './registration.errors.js';
import { CancelReasonEnum, type CancelReason, type UsageRecord } from './usage.model.js';

/** A registered use, as its registering organisation sees it. */
@ObjectType('Usage', { description: 'One ticket acquisition with a card (R11): one adult ticket, child tickets, an event.' })
export class UsageType {
  @Field(() => ID)
  id!: string;

  @Field(() => EventType, { nullable: true, description: 'The kept event; null for a reported one (R17).' })
  event!: EventType | null;

  eventId!: string | null;

  @Field(() => String)
  eventName!: string;

  @Field(() => LocalDateScalar)
  eventDate!: string;

  @Field(() => EventKindEnum)
  eventKind!: EventKind;

  @Field(() => OrganizationRef)
  provider!: OrganizationRef;

  @Field(() => String, { description: 'The card code, normalised (R2).' })
  cardCode!: string;

  @Field(() => String, { description: 'PERSONAL or COMMUNITY (R10).' })
  cardKind!: string;

  @Field(() => Int, { description: 'Always 1: one adult ticket per use, never asked (R11).' })
  adultTickets!: number;

  @Field(() => Int)
  childTickets!: number;

  @Field(() => ID, { nullable: true, description: 'The group visit this use belongs to (R14).' })
  groupId!: string | null;

  @Field(() => OrganizationRef, { nullable: true, description: 'Whose staff or partner system registered it; null when a culture officer did, for the region.' })
  registeringOrganization!: OrganizationRef | null;

  registeringRegionId!: string | null;

  @Field(() => Date)
  registeredAt!: Date;

  @Field(() => Date, { nullable: true, description: 'R16: when it was captured offline.' })
  capturedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  cancelledAt!: Date | null;

  @Field(() => CancelReasonEnum, { nullable: true })
  cancelReason!: CancelReason | null;

  static from(usage: UsageRecord): UsageType {
    return Object.assign(new UsageType(), {
      id: usage.id,
      event: null,
      eventId: usage.event?.id ?? null,
      eventName: usage.eventName,
      eventDate: usage.eventDate,
      eventKind: usage.eventKind,
      provider: OrganizationRef.of(usage.providerId),
      cardCode: usage.cardCode,
      cardKind: usage.cardKind,
      adultTickets: 1,
      childTickets: usage.childTickets,
      groupId: usage.groupId ?? null,
      registeringOrganization: usage.registeringOrganizationId ? OrganizationRef.of(usage.registeringOrganizationId) : null,
      registeringRegionId: usage.registeringRegionId ?? null,
      registeredAt: usage.registeredAt,
      capturedAt: usage.capturedAt ?? null,
      cancelledAt: usage.cancelledAt ?? null,
      cancelReason: usage.cancelReason ?? null,
    });
  }
}

@ObjectType('UsageRegistration', { description: 'The answer to a registration; the same for a retry with the same idempotency key.' })
export class UsageRegistrationType {
  @Field(() => [UsageType])
  usages!: UsageType[];

  @Field(() => ID, { nullable: true, description: 'The group visit (R14); null for a single use.' })
  groupId!: string | null;

  @Field(() => Boolean, { description: 'True when an earlier request with the same idempotency key wrote these uses.' })
  replayed!: boolean;
}

@ObjectType('UsageCancellation')
export class UsageCancellationType {
  @Field(() => UsageType)
  usage!: UsageType;

  @Field(() => Boolean)
  replayed!: boolean;
}

@ObjectType('UsageProblem', { description: 'Why a use would be refused: a stable code and a message in the caller’s language.' })
export class UsageProblemType {
  @Field(() => String)
  code!: string;

  @Field(() => String)
  message!: string;

  @Field(() => String, { description: 'The input field it concerns.' })
  field!: string;

  static from(problem: RegistrationProblem, message: string): UsageProblemType {
    return Object.assign(new UsageProblemType(), { code: problem.code, message, field: problem.field });
  }
}

@ObjectType('UsageCheck', { description: 'R29: whether the card can be used for the event, and only what a venue may know of it.' })
export class UsageCheckType {
  @Field(() => Boolean)
  usable!: boolean;

  @Field(() => [UsageProblemType])
  problems!: UsageProblemType[];

  @Field(() => String, { nullable: true, description: 'PERSONAL or COMMUNITY; null when refused.' })
  cardKind!: string | null;

  @Field(() => LocalDateScalar, { nullable: true })
  lastValidDay!: string | null;

  @Field(() => Int, { nullable: true })
  childTicketLimit!: number | null;
}
