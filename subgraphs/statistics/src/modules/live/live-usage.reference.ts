import type { SubgraphContext } from '@kaikukanta/kit';
import { LiveUsageService } from './live-usage.service.js';
import { LiveUsageType } from './live-usage.type.js';

/** LiveUsage by its key, access-checked like the query. */
export const liveUsageReference = {
  __resolveReference: async (reference: Pick<LiveUsageType, 'sequence'>, ctx: SubgraphContext): Promise<LiveUsageType | null> => {
    const row = await new LiveUsageService(ctx.em).bySequence(ctx.identity, reference.sequence);
    return row ? LiveUsageType.from(row) : null;
  },
};
