import type { SubgraphContext } from '@kaikukanta/kit';
import { RegionService } from './region.service.js';
import type { RegionType } from './region.type.js';

export const regionReference = {
  __resolveReference: (reference: { id: string }, ctx: SubgraphContext): Promise<RegionType | null> =>
    new RegionService(ctx).byId(reference.id),
};
