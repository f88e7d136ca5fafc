import type { SubgraphContext } from '@kaikukanta/kit';
import { Ctx, Query, Resolver } from 'type-graphql';
import { SummaryService } from './summary.service.js';
import { NationalSummaryType } from './summary.type.js';

@Resolver()
export class SummaryResolver {
  @Query(() => NationalSummaryType)
  nationalSummary(@Ctx() ctx: SubgraphContext): Promise<NationalSummaryType> {
    return new SummaryService(ctx).national();
  }
}
