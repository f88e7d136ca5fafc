import type { SubgraphContext } from '@kaikukanta/kit';
import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { EventService } from '../event/event.service.js';
import { EventType } from '../event/event.type.js';
import { OrganizationRef } from './organization.type.js';

/** Fields the usage subgraph contributes to Organization. */
@Resolver(() => OrganizationRef)
export class OrganizationEventsResolver {
  @FieldResolver(() => [EventType], { description: "The provider's next events (at most 20)." })
  upcomingEvents(@Root() organization: OrganizationRef, @Ctx() ctx: SubgraphContext): Promise<EventType[]> {
    return new EventService(ctx).upcomingOf(organization.id);
  }
}
