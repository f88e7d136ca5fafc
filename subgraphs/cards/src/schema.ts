import { buildFederatedSchema } from '@kaikukanta/kit';
import { cardReference } from './modules/card/card.reference.js';
import { CardResolver } from './modules/card/card.resolver.js';
import { OrganizationCardsResolver } from './modules/organization/organization.resolver.js';
import { organizationReference } from './modules/organization/organization.reference.js';
import { BackgroundReadResolver } from './modules/read-audit/background-read.resolver.js';
import { CardStatusResolver } from './modules/status/status.resolver.js';

export function buildSchema() {
  return buildFederatedSchema({
    resolvers: [CardResolver, CardStatusResolver, OrganizationCardsResolver, BackgroundReadResolver],
    referenceResolvers: { Organization: organizationReference, Card: cardReference },
  });
}
