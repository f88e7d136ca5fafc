import { defineOrm } from '@kaikukanta/kit';
import { migrations } from './migrations/index.js';
import { OrganizationEntity } from './modules/organization/organization.entity.js';
import { MunicipalityEntity, RegionEntity } from './modules/region/region.entity.js';
import { ApiKeyEntity } from './modules/api-key/api-key.entity.js';
import { AuditEntryEntity } from './modules/audit/audit.entity.js';
import { TicketAgentClientEntity } from './modules/network/network.entity.js';
import { AgentClientView } from './modules/published/agent-client.view.js';
import { ProviderScopeView } from './modules/published/provider-scope.view.js';
import { SiteEntity } from './modules/site/site.entity.js';
import { LoginThrottleEntity, SessionEntity } from './modules/session/session.entity.js';
import { PasswordResetEntity } from './modules/user/password-reset.entity.js';
import { InvitationEntity, MembershipEntity, UserEntity } from './modules/user/user.entity.js';

/** The organizations schema: regions, municipalities, organisations and their sites, people, access. */
export const createOrm = defineOrm({
  schema: 'organizations',
  entities: [
    RegionEntity,
    MunicipalityEntity,
    OrganizationEntity,
    SiteEntity,
    TicketAgentClientEntity,
    UserEntity,
    MembershipEntity,
    InvitationEntity,
    PasswordResetEntity,
    SessionEntity,
    LoginThrottleEntity,
    ApiKeyEntity,
    AuditEntryEntity,
    ProviderScopeView,
    AgentClientView,
  ],
  migrations,
  migrationsDir: new URL('../src/migrations/', import.meta.url),
});
