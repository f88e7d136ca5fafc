import { LocalDateScalar, type SubgraphContext } from '@kaikukanta/kit';
import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import { CardStatusService } from './status.service.js';
import { CardStatusType } from './status.type.js';

@Resolver()
export class CardStatusResolver {
  @Query(() => CardStatusType, {
    description:
      'Whether a card can be used on a day (default today), for culture providers, ticket agents, culture officers and partner keys with CARD_STATUS_READ (R29); distributors and responsible persons are answered only about the cards they manage. Rate-limited per organisation.',
  })
  cardStatus(
    @Arg('code', () => String, { description: 'As typed or scanned; normalised (R2).' }) code: string,
    @Arg('on', () => LocalDateScalar, { nullable: true, description: 'The event date; default today in Finland. From 7 days back to 400 days ahead (L1).' }) on: string | null,
    @Ctx() ctx: SubgraphContext,
  ): Promise<CardStatusType> {
    return new CardStatusService(ctx).status(code, on);
  }
}

