import type { SubgraphContext } from '@kaikukanta/kit';
import { Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { CardService } from '../card/card.service.js';
import { OrganizationRef } from './organization.type.js';

/** Fields the cards subgraph contributes to Organization. */
@Resolver(() => OrganizationRef)
export class OrganizationCardsResolver {
  @FieldResolver(() => Int, { description: 'Number of cards the organisation has registered.' })
  registeredCardCount(@Root() organization: OrganizationRef, @Ctx() ctx: SubgraphContext): Promise<number> {
    return new CardService(ctx).registeredCount(organization.id);
  }
}
