import { buildFederatedSchema } from '@kaikukanta/kit';
import { eventReference } from './modules/event/event.reference.js';
import { EventResolver } from './modules/event/event.resolver.js';
import { UsageResolver } from './modules/usage/usage.resolver.js';
import { RecentUsageResolver } from './modules/usage/recent-usage.resolver.js';
import { OrganizationEventsResolver } from './modules/organization/organization.resolver.js';
import { organizationReference } from './modules/organization/organization.reference.js';

export function buildSchema() {
  return buildFederatedSchema({
    resolvers: [EventResolver, OrganizationEventsResolver, UsageResolver, RecentUsageResolver],
    referenceResolvers: { Organization: organizationReference, Event: eventReference },
  });
}
