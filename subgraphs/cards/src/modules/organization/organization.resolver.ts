import type { SubgraphContext } from '@kaikukanta/kit';
import { Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { CardService } from '../card/card.service.js';
import { OrganizationRef } from './organization.type.js';

/** Fields the cards subgraph contributes to Organization. */
@Resolver(() => OrganizationRef)
export class OrganizationCardsResolver {
  @FieldResolver(() => Int, {
    nullable: true,
    description: 'Number of cards the organisation has registered; null when 1–4 (R27 small cells), except for its own staff and national admins.',
  })
  registeredCardCount(@Root() organization: OrganizationRef, @Ctx() ctx: SubgraphContext): Promise<number | null> {
    return new CardService(ctx).registeredCount(organization.id);
  }
}
