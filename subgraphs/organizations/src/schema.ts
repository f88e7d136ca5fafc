import { buildFederatedSchema } from '@kaikukanta/kit';
import { ApiKeyResolver } from './modules/api-key/api-key.resolver.js';
import { AuditResolver } from './modules/audit/audit.resolver.js';
import { OrganizationAdminResolver } from './modules/organization/organization-admin.resolver.js';
import { AuthResolver } from './modules/session/auth.resolver.js';
import { PasswordResetResolver } from './modules/user/password-reset.resolver.js';
import { UserResolver } from './modules/user/user.resolver.js';
import { OrganizationResolver } from './modules/organization/organization.resolver.js';
import { organizationReference } from './modules/organization/organization.reference.js';
import { MunicipalityResolver, RegionResolver } from './modules/region/region.resolver.js';
import { RegionAdminResolver } from './modules/region/region-admin.resolver.js';
import { SiteResolver } from './modules/site/site.resolver.js';
import { regionReference } from './modules/region/region.reference.js';

/** The organizations subgraph schema; built without a database, so composition can run anywhere. */
export function buildSchema() {
  return buildFederatedSchema({
    resolvers: [
      RegionResolver,
      RegionAdminResolver,
      MunicipalityResolver,
      OrganizationResolver,
      OrganizationAdminResolver,
      SiteResolver,
      AuthResolver,
      UserResolver,
      PasswordResetResolver,
      ApiKeyResolver,
      AuditResolver,
    ],
    referenceResolvers: { Organization: organizationReference, Region: regionReference },
  });
}
