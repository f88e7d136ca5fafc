import type { SubgraphContext } from '@kaikukanta/kit';
import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import { CardService } from './card.service.js';
import { CardType } from './card.type.js';

@Resolver(() => CardType)
export class CardResolver {
  @Query(() => [CardType], { description: "Cards registered by the caller's organisation, newest first." })
  myOrganizationsCards(
    @Arg('limit', () => Int, { defaultValue: 50 }) limit: number,
    @Ctx() ctx: SubgraphContext,
  ): Promise<CardType[]> {
    return new CardService(ctx).myOrganizationsCards(limit);
  }
}
