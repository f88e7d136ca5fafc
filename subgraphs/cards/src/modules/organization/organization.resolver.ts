import type { SubgraphContext } from '@kaikukanta/kit';
import { Ctx, Directive, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { CardService } from '../card/card.service.js';
import { OrganizationRef } from './organization.type.js';

/** Fields the cards subgraph contributes to Organization. */
@Resolver(() => OrganizationRef)
export class OrganizationCardsResolver {
  @FieldResolver(() => Int, {
    nullable: true,
    description:
      'Number of cards the organisation has registered (R25), exact, for callers scoped to it: its own people, its region’s responsible person and analysts, national admins and analysts. Null for everyone else, anonymous callers included (R27, decision 0012).',
  })
  @Directive('@requires(fields: "region { id }")')
  registeredCardCount(@Root() organization: OrganizationRef, @Ctx() ctx: SubgraphContext): Promise<number | null> {
    return new CardService(ctx).registeredCount(organization.id, organization.region?.id ?? null);
  }
}
