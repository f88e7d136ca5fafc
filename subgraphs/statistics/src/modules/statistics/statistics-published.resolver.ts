import { AppError, type SubgraphContext } from '@kaikukanta/kit';
import { Resolver, Root, Subscription } from 'type-graphql';
import { STATISTICS_PUBLISHED } from '../suppression/published-steps.js';
import { topScopeOf } from './statistics.access.js';
import { StatisticsPublicationType } from './statistics.type.js';

@Resolver()
export class StatisticsPublishedResolver {
  @Subscription(() => StatisticsPublicationType, {
    // Statistics readers only, as the query (decision 0013); the event tells nothing but the step's time.
    topics: ({ context }: { context: SubgraphContext }) => {
      try {
        topScopeOf(context.identity);
      } catch (error) {
        // graphql-ws sends what the subscribe step throws as it is: give it the code and the caller's language.
        throw error instanceof AppError ? error.toGraphQLError(context.locale) : error;
      }
      return STATISTICS_PUBLISHED;
    },
    description:
      'A new step of the suppressed figures is published (R27, decision 0019): every STATISTICS_PUBLISH_INTERVAL_MS (15 min by default), on the wall clock; per event when the interval is 0. Figures with suppression change only then; ask for them again.',
  })
  statisticsPublished(@Root() publication: { at: Date }): StatisticsPublicationType {
    return Object.assign(new StatisticsPublicationType(), { at: publication.at });
  }
}
