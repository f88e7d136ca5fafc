import { buildFederatedSchema } from '@kaikukanta/kit';
import { CardResolver } from './modules/card/card.resolver.js';
import { OrganizationCardsResolver } from './modules/organization/organization.resolver.js';
import { organizationReference } from './modules/organization/organization.reference.js';

export function buildSchema() {
  return buildFederatedSchema({
    resolvers: [CardResolver, OrganizationCardsResolver],
    referenceResolvers: { Organization: organizationReference },
  });
}
