import type { SubgraphContext } from '@kaikukanta/kit';
import { OrganizationService } from './organization.service.js';
import type { OrganizationType } from './organization.type.js';

/** `_entities` for Organization: other subgraphs' references resolve through the batched loader. */
export const organizationReference = {
  __resolveReference: (reference: { id: string }, ctx: SubgraphContext): Promise<OrganizationType | null> =>
    new OrganizationService(ctx).byId(reference.id),
};
