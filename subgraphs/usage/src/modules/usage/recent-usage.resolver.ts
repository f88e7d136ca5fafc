import type { SubgraphContext } from '@kaikukanta/kit';
import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import { RecentUsageService } from './recent-usage.service.js';
import { UsageType } from './usage.type.js';

@Resolver(() => UsageType)
export class RecentUsageResolver {
  @Query(() => [UsageType], { description: 'The uses the caller’s organisation registered last, newest first, cancelled ones included (for undo at the box office).' })
  recentUsages(@Arg('limit', () => Int, { defaultValue: 10, description: 'At most 50.' }) limit: number, @Ctx() ctx: SubgraphContext): Promise<UsageType[]> {
    return new RecentUsageService(ctx).newest(limit);
  }
}
