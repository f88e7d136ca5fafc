import { AppError, badInput, type SubgraphContext } from '@kaikukanta/kit';
import { canAdministerRegion, requireActor, type Actor } from '../access/policy.js';
import { recordAudit } from '../audit/audit.service.js';
import { OrganizationEntity, type Organization } from '../organization/organization.entity.js';
import { tokenHash } from '../session/tokens.js';
import { requiredText } from '../user/user.errors.js';
import { ApiKeyEntity } from './api-key.entity.js';
import type { ApiKeyScope } from './api-key.model.js';
import { generateApiKey } from './api-key.secret.js';
import { ApiKeyCreatedType, ApiKeyType } from './api-key.type.js';

/**
 * Partner keys. Managed by the organisation's own culture-provider or
 * ticket-agent staff (whose systems use them), its region's responsible
 * person and national admins.
 */
export class ApiKeyService {
  constructor(private readonly ctx: SubgraphContext) {}

  async list(organizationId: string): Promise<ApiKeyType[]> {
    await this.authorize(organizationId);
    const keys = await this.ctx.em.find(ApiKeyEntity, { organization: organizationId }, { orderBy: { createdAt: 'desc' } });
    return keys.map(ApiKeyType.from);
  }

  async create(organizationId: string, nameInput: string, scopes: ApiKeyScope[], expiresAt: Date | null): Promise<ApiKeyCreatedType> {
    const { actor, organization } = await this.authorize(organizationId);
    const name = requiredText('name', nameInput, 100);
    if (!scopes.length) throw badInput('scopes', { fi: 'Valitse vähintään yksi oikeus.', sv: 'Välj minst en behörighet.', en: 'Choose at least one scope.' }, 'REQUIRED');
    if (expiresAt && expiresAt <= new Date()) throw badInput('expiresAt', { fi: 'Päättymisajan on oltava tulevaisuudessa.', sv: 'Utgångstiden måste vara i framtiden.', en: 'The expiry must be in the future.' }, 'IN_PAST');
    const { key, prefix } = generateApiKey();
    return this.ctx.em.transactional(async (em) => {
      const apiKey = em.create(ApiKeyEntity, {
        id: crypto.randomUUID(),
        organization: organization.id,
        name,
        prefix,
        secretHash: tokenHash(key),
        scopes: [...new Set(scopes)],
        createdBy: actor.userId,
        createdAt: new Date(),
        expiresAt,
      });
      recordAudit(em, { actorUserId: actor.userId, action: 'API_KEY_CREATED', targetType: 'ApiKey', targetId: apiKey.id, regionId: organization.municipality.region.id, details: { prefix, scopes } });
      await em.flush();
      return Object.assign(new ApiKeyCreatedType(), { apiKey: ApiKeyType.from(apiKey), secret: key });
    });
  }

  /** Effective at once here; the gateway caches identities for at most 10 s. */
  async revoke(apiKeyId: string): Promise<ApiKeyType> {
    const key = await this.ctx.em.findOne(ApiKeyEntity, { id: apiKeyId });
    if (!key) throw new AppError('NOT_FOUND');
    const { actor, organization } = await this.authorize(key.organization.id);
    return this.ctx.em.transactional(async (em) => {
      const current = await em.findOneOrFail(ApiKeyEntity, { id: apiKeyId });
      if (!current.revokedAt) {
        current.revokedAt = new Date();
        recordAudit(em, { actorUserId: actor.userId, action: 'API_KEY_REVOKED', targetType: 'ApiKey', targetId: current.id, regionId: organization.municipality.region.id, details: { prefix: current.prefix } });
      }
      await em.flush();
      return ApiKeyType.from(current);
    });
  }

  private async authorize(organizationId: string): Promise<{ actor: Actor; organization: Organization }> {
    const actor = requireActor(this.ctx.identity);
    const organization = await this.ctx.em.findOne(OrganizationEntity, { id: organizationId }, { populate: ['municipality'] });
    if (!organization) throw new AppError('NOT_FOUND');
    const ownStaff =
      actor.membership.organizationId === organization.id && ['CULTURE_PROVIDER', 'TICKET_AGENT'].includes(actor.membership.role);
    if (!ownStaff && !canAdministerRegion(actor, organization.municipality.region.id)) throw new AppError('FORBIDDEN');
    return { actor, organization };
  }
}
