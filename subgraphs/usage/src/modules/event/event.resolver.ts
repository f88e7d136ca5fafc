import type { SubgraphContext } from '@kaikukanta/kit';
import { Arg, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import { EventService } from './event.service.js';
import { EventType } from './event.type.js';

@Resolver(() => EventType)
export class EventResolver {
  @Query(() => [EventType], { description: 'Upcoming events, optionally of one culture provider, soonest first.' })
  upcomingEvents(
    @Arg('providerId', () => ID, { nullable: true }) providerId: string | null,
    @Arg('limit', () => Int, { defaultValue: 50 }) limit: number,
    @Ctx() ctx: SubgraphContext,
  ): Promise<EventType[]> {
    return new EventService(ctx).upcoming(providerId, limit);
  }
}
