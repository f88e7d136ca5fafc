import { buildFederatedSchema, createLogger } from '@kaikukanta/kit';
import { eventReference } from './modules/event/event.reference.js';
import { EventResolver } from './modules/event/event.resolver.js';
import { ImportResolver } from './modules/import/import.resolver.js';
import { loadImportConfig } from './modules/import/import.model.js';
import type { ImportDeps } from './modules/import/import.service.js';
import { UsageResolver } from './modules/usage/usage.resolver.js';
import { RecentUsageResolver } from './modules/usage/recent-usage.resolver.js';
import { OrganizationEventsResolver } from './modules/organization/organization.resolver.js';
import { organizationReference } from './modules/organization/organization.reference.js';

/** `imports`: the import's limits and logger (the app's); the defaults serve composing the SDL. */
export function buildSchema(imports: ImportDeps = { config: loadImportConfig({}), logger: createLogger('usage', 'silent') }) {
  const importResolver = new ImportResolver(imports);
  return buildFederatedSchema({
    resolvers: [EventResolver, OrganizationEventsResolver, UsageResolver, RecentUsageResolver, ImportResolver],
    referenceResolvers: { Organization: organizationReference, Event: eventReference },
    // Only the import resolver takes constructor arguments; every other resolver is built as type-graphql would.
    container: { get: (someClass: new () => unknown) => (someClass === (ImportResolver as unknown) ? importResolver : new someClass()) },
  });
}
