import { AppError, type SubgraphContext } from '@kaikukanta/kit';
import { Arg, Ctx, ID, Int, Query, Resolver, Root, Subscription } from 'type-graphql';
import type { LiveUsageFeed } from './live-usage.feed.js';
import type { LiveUsageRow } from './live-usage.repository.js';
import { LiveUsageService } from './live-usage.service.js';
import { LiveUsageType } from './live-usage.type.js';

let feed: LiveUsageFeed | undefined;

/** The process's feed; set by the app before it serves (schema building needs the resolver class first). */
export function useLiveUsageFeed(value: LiveUsageFeed): void {
  feed = value;
}

@Resolver()
export class LiveUsageResolver {
  @Query(() => LiveUsageType, { nullable: true, description: 'One use from the live log, by its sequence; null when not the caller’s to see or no longer kept (R24, R27).' })
  async liveUsage(@Arg('sequence', () => Int) sequence: number, @Ctx() ctx: SubgraphContext): Promise<LiveUsageType | null> {
    const row = await new LiveUsageService(ctx.em).bySequence(ctx.identity, sequence);
    return row ? LiveUsageType.from(row) : null;
  }

  @Subscription(() => LiveUsageType, {
    description:
      'Uses as they are registered or cancelled (R24): every use for national admins and analysts, their own venues’ and registrations for culture providers, ticket agents and partner keys with USAGE_WRITE. Pass the last `sequence` seen as `after` to get the uses missed since, then live ones, without gaps or repeats (kept 24 h).',
    subscribe: async ({ args, context }: { args: { after?: number | null; providerId?: string | null }; context: SubgraphContext }) => {
      if (!feed) throw new Error('live usage feed not started');
      try {
        return await new LiveUsageService(context.em).follow(context.identity, feed, args);
      } catch (error) {
        // graphql-ws sends what the subscribe step throws as it is: give it the code and the caller's language.
        throw error instanceof AppError ? error.toGraphQLError(context.locale) : error;
      }
    },
  })
  usageRecorded(
    @Root() row: LiveUsageRow,
    @Arg('after', () => Int, { nullable: true, description: 'Resume after this sequence: the uses since, then live ones.' }) _after?: number,
    @Arg('providerId', () => ID, { nullable: true, description: 'Only the uses at this provider.' }) _providerId?: string,
  ): LiveUsageType {
    return LiveUsageType.from(row);
  }
}
