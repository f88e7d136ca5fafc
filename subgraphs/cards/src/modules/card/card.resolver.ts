import { LocalDateScalar, type SubgraphContext } from '@kaikukanta/kit';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { BackgroundType } from '../background/background.type.js';
import { CardFilter, RegisterCardInput } from './card.input.js';
import { OutOfUseReasonEnum, type OutOfUseReason } from './card.model.js';
import { CardService } from './card.service.js';
import { CardHistoryEntryType, CardPageType, CardType } from './card.type.js';

@Resolver(() => CardType)
export class CardResolver {
  @Query(() => [CardType], { description: "Cards registered by the caller's organisation, newest first." })
  myOrganizationsCards(@Arg('limit', () => Int, { defaultValue: 50 }) limit: number, @Ctx() ctx: SubgraphContext): Promise<CardType[]> {
    return new CardService(ctx).myOrganizationsCards(limit);
  }

  @Query(() => CardPageType, { description: 'Cards the caller manages: their organisation’s, their region’s (responsible person) or all (national admin), newest first.' })
  cards(
    @Arg('filter', () => CardFilter, { nullable: true }) filter: CardFilter | null,
    @Arg('limit', () => Int, { defaultValue: 50 }) limit: number,
    @Arg('offset', () => Int, { defaultValue: 0 }) offset: number,
    @Ctx() ctx: SubgraphContext,
  ): Promise<CardPageType> {
    return new CardService(ctx).list(filter, limit, offset);
  }

  @Query(() => CardType, { description: 'One card the caller manages, by id or code.' })
  card(
    @Arg('id', () => ID, { nullable: true }) id: string | null,
    @Arg('code', () => String, { nullable: true }) code: string | null,
    @Ctx() ctx: SubgraphContext,
  ): Promise<CardType> {
    return new CardService(ctx).get({ id, code });
  }

  @FieldResolver(() => [CardHistoryEntryType], { description: 'Every registration and validity change, oldest first (R6).' })
  history(@Root() card: CardType, @Ctx() ctx: SubgraphContext): Promise<CardHistoryEntryType[]> {
    return new CardService(ctx).history(card);
  }

  @FieldResolver(() => BackgroundType, { nullable: true, description: 'R8 background data; null for a community card.' })
  background(@Root() card: CardType, @Ctx() ctx: SubgraphContext): Promise<BackgroundType | null> {
    return new CardService(ctx).background(card);
  }

  @Mutation(() => CardType, { description: 'Registers a personal or community card for the caller’s organisation (R3–R10).' })
  registerCard(@Arg('input', () => RegisterCardInput) input: RegisterCardInput, @Ctx() ctx: SubgraphContext): Promise<CardType> {
    return new CardService(ctx).register(input);
  }

  @Mutation(() => CardType, { description: 'Extends the validity: a new last valid day, no new card (R6).' })
  extendCard(
    @Arg('id', () => ID) id: string,
    @Arg('renewedOn', () => LocalDateScalar, { nullable: true, description: 'Default today.' }) renewedOn: string | null,
    @Arg('validUntil', () => LocalDateScalar, { nullable: true, description: 'Default twelve months from the renewal date.' }) validUntil: string | null,
    @Ctx() ctx: SubgraphContext,
  ): Promise<CardType> {
    return new CardService(ctx).extend(id, renewedOn, validUntil);
  }

  @Mutation(() => CardType, { description: 'Ends the validity early: from endedOn (default today) the card cannot be used (R6).' })
  endCard(
    @Arg('id', () => ID) id: string,
    @Arg('endedOn', () => LocalDateScalar, { nullable: true }) endedOn: string | null,
    @Ctx() ctx: SubgraphContext,
  ): Promise<CardType> {
    return new CardService(ctx).end(id, endedOn);
  }

  @Mutation(() => CardType, { description: 'Takes the card out of use from `on` (default today) (R6).' })
  takeCardOutOfUse(
    @Arg('id', () => ID) id: string,
    @Arg('reason', () => OutOfUseReasonEnum) reason: OutOfUseReason,
    @Arg('on', () => LocalDateScalar, { nullable: true }) on: string | null,
    @Ctx() ctx: SubgraphContext,
  ): Promise<CardType> {
    return new CardService(ctx).takeOutOfUse(id, reason, on);
  }

  @Mutation(() => Int, { description: 'Ends the validity of every active community card of an organisation at once (R10); returns how many.' })
  endCommunityCards(
    @Arg('organizationId', () => ID) organizationId: string,
    @Arg('endedOn', () => LocalDateScalar, { nullable: true }) endedOn: string | null,
    @Ctx() ctx: SubgraphContext,
  ): Promise<number> {
    return new CardService(ctx).endCommunityCards(organizationId, endedOn);
  }
}
