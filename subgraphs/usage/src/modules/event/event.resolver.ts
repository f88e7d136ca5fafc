import { LocalDateScalar, type SubgraphContext } from '@kaikukanta/kit';
import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { CreateEventInput, ExcludeEventInput, UpdateEventInput } from './event.input.js';
import { EventKindEnum, type EventKind } from './event.model.js';
import { EventService } from './event.service.js';
import { CapMinimumType, EventType } from './event.type.js';

@Resolver(() => EventType)
export class EventResolver {
  @Query(() => [EventType], { description: 'Upcoming events, optionally of one culture provider, soonest first.' })
  upcomingEvents(
    @Arg('providerId', () => ID, { nullable: true }) providerId: string | null | undefined,
    @Arg('limit', () => Int, { defaultValue: 50 }) limit: number,
    @Ctx() ctx: SubgraphContext,
  ): Promise<EventType[]> {
    return new EventService(ctx).upcoming(providerId, limit);
  }

  @Query(() => EventType, { nullable: true, description: 'One event; null when there is none.' })
  event(@Arg('id', () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<EventType | null> {
    return new EventService(ctx).reference(id);
  }

  @Query(() => [EventType], { description: "A provider's events on the days from…to in Finland (both included, at most 400 days), soonest first; page with limit and offset." })
  providerEvents(
    @Arg('providerId', () => ID) providerId: string,
    @Arg('from', () => LocalDateScalar) from: string,
    @Arg('to', () => LocalDateScalar) to: string,
    @Arg('limit', () => Int, { defaultValue: 50, description: 'At most 200.' }) limit: number,
    @Arg('offset', () => Int, { defaultValue: 0 }) offset: number,
    @Ctx() ctx: SubgraphContext,
  ): Promise<EventType[]> {
    return new EventService(ctx).ofProvider(providerId, from, to, limit, offset);
  }

  @Query(() => CapMinimumType, { description: 'R20: the lowest cap such an event of the provider allows, and why. For those who keep its events.' })
  eventCapMinimum(
    @Arg('providerId', () => ID) providerId: string,
    @Arg('kind', () => EventKindEnum) kind: EventKind,
    @Arg('capacity', () => Int) capacity: number,
    @Arg('guestProducer', () => Boolean, { defaultValue: false }) guestProducer: boolean,
    @Ctx() ctx: SubgraphContext,
  ): Promise<CapMinimumType> {
    return new EventService(ctx).capMinimum(providerId, kind, capacity, guestProducer);
  }

  @Mutation(() => EventType, { description: 'A new event (R19–R22); by the provider, its ticket agents (R18) or a culture officer of its area.' })
  createEvent(@Arg('input', () => CreateEventInput) input: CreateEventInput, @Ctx() ctx: SubgraphContext): Promise<EventType> {
    return new EventService(ctx).create(input);
  }

  @Mutation(() => EventType, { description: 'Changes an event; a cap is never set below its rule (R20) or below the card holders registered.' })
  updateEvent(@Arg('id', () => ID) id: string, @Arg('input', () => UpdateEventInput) input: UpdateEventInput, @Ctx() ctx: SubgraphContext): Promise<EventType> {
    return new EventService(ctx).update(id, input);
  }

  @Mutation(() => EventType, { description: 'R19: takes the event out of the card offering, with a reason users see.' })
  excludeEvent(@Arg('id', () => ID) id: string, @Arg('input', () => ExcludeEventInput) input: ExcludeEventInput, @Ctx() ctx: SubgraphContext): Promise<EventType> {
    return new EventService(ctx).exclude(id, input);
  }

  @Mutation(() => EventType, { description: 'R19: makes an excluded event available with the card again.' })
  includeEvent(@Arg('id', () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<EventType> {
    return new EventService(ctx).include(id);
  }
}
