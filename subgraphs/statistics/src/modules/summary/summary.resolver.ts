import type { SubgraphContext } from '@kaikukanta/kit';
import { Ctx, Query, Resolver, Root, Subscription } from 'type-graphql';
import { NATIONAL_SUMMARY_CHANGED } from './summary.publisher.js';
import { SummaryService } from './summary.service.js';
import { NationalSummaryType } from './summary.type.js';

@Resolver()
export class SummaryResolver {
  @Query(() => NationalSummaryType)
  nationalSummary(@Ctx() ctx: SubgraphContext): Promise<NationalSummaryType> {
    return new SummaryService(ctx.em).national();
  }

  @Subscription(() => NationalSummaryType, {
    topics: NATIONAL_SUMMARY_CHANGED,
    description: 'The national figures, sent each time arriving events change them (R24). Open, like nationalSummary (R26).',
  })
  nationalSummaryChanged(@Root() summary: NationalSummaryType): NationalSummaryType {
    return summary;
  }
}
