import type { SubgraphContext } from '@kaikukanta/kit';
import { Ctx, Query, Resolver, Root, Subscription } from 'type-graphql';
import { NATIONAL_SUMMARY_CHANGED, NATIONAL_SUMMARY_PUBLISHED_CHANGED } from './summary.publisher.js';
import { seesExactNationalFigures } from './summary.access.js';
import { SummaryService } from './summary.service.js';
import { NationalSummaryType } from './summary.type.js';

@Resolver()
export class SummaryResolver {
  @Query(() => NationalSummaryType)
  nationalSummary(@Ctx() ctx: SubgraphContext): Promise<NationalSummaryType> {
    return new SummaryService(ctx.em).nationalFor(ctx.identity);
  }

  @Subscription(() => NationalSummaryType, {
    topics: ({ context }: { context: SubgraphContext }) => (seesExactNationalFigures(context.identity) ? NATIONAL_SUMMARY_CHANGED : NATIONAL_SUMMARY_PUBLISHED_CHANGED),
    description:
      'The national figures, sent each time arriving events change them (R24). Open, like nationalSummary (R26); for everyone but national admins and analysts sent only when the rounded figures change (R27).',
  })
  nationalSummaryChanged(@Root() summary: NationalSummaryType): NationalSummaryType {
    return summary;
  }
}
