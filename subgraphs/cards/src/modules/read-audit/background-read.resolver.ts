import type { SubgraphContext } from '@kaikukanta/kit';
import { Arg, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import { BackgroundReadService } from './background-read.service.js';
import { BackgroundReadType } from './background-read.type.js';

@Resolver()
export class BackgroundReadResolver {
  @Query(() => [BackgroundReadType], { description: 'M5: who read which card’s background data, newest first. National admins only.' })
  backgroundReads(
    @Arg('since', () => Date) since: Date,
    @Arg('until', () => Date, { nullable: true, description: 'Default now; at most 366 days after `since`.' }) until: Date | null,
    @Arg('cardId', () => ID, { nullable: true }) cardId: string | null,
    @Arg('limit', () => Int, { defaultValue: 100, description: 'At most 1000.' }) limit: number,
    @Ctx() ctx: SubgraphContext,
  ): Promise<BackgroundReadType[]> {
    return new BackgroundReadService(ctx).list({ since, until, cardId, limit });
  }
}
