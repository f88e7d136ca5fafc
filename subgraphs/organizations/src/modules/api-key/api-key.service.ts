import { AppError, administersRegion, requireActor, type Actor, type SubgraphContext, isUuid } from '@kaikukanta/kit';
import { recordAudit } from '../audit/audit.service.js';
import { OrganizationEntity, type Organization } from '../organization/organization.entity.js';
import { tokenHash } from '../session/tokens.js';
import type { Role } from '../user/user.model.js';
import { requiredText } from '../user/user.errors.js';
import { ApiKeyEntity } from './api-key.entity.js';
import { expiryInPast, scopeNotAllowed, scopesRequired } from './api-key.errors.js';
import { DEFAULT_KEY_LIFETIME_DAYS, SCOPE_KINDS, type ApiKeyScope } from './api-key.model.js';
import { generateApiKey } from './api-key.secret.js';
import { ApiKeyCreatedType, ApiKeyType } from './api-key.type.js';

/** The roles that may manage some organisation's keys; which organisation's is checked per key. */
const KEY_MANAGERS: readonly Role[] = ['NATIONAL_ADMIN', 'REGION_ADMIN', 'CULTURE_PROVIDER', 'TICKET_AGENT'];

/**
 * Partner keys. Managed by the organisation's own culture-provider or
 * ticket-agent staff (whose systems use them), its region's responsible
 * person and national admins (R28).
 */
export class ApiKeyService {
  constructor(private readonly ctx: SubgraphContext) {}

  /** The key a partner system is calling with, so it can check its organisation, scopes and expiry; null for anyone else. */
  async current(): Promise<ApiKeyType | null> {
    const identity = this.ctx.identity;
    if (identity.kind !== 'apiKey') return null;
    const key = await this.ctx.em.findOne(ApiKeyEntity, { id: identity.apiKeyId, revokedAt: null });
    return key ? ApiKeyType.from(key) : null;
  }

  async list(organizationId: string): Promise<ApiKeyType[]> {
    await this.authorize(organizationId);
    const keys = await this.ctx.em.find(ApiKeyEntity, { organization: organizationId }, { orderBy: { createdAt: 'desc' } });
    return keys.map(ApiKeyType.from);
  }

  async create(organizationId: string, nameInput: string, scopes: ApiKeyScope[], expiresAt: Date | null): Promise<ApiKeyCreatedType> {
    const { actor, organization } = await this.authorize(organizationId);
    const name = requiredText('name', nameInput, 100);
    if (!scopes.length) throw scopesRequired();
    // I1: a scope only for the kinds of organisation whose systems need it.
    const unfit = [...new Set(scopes)].filter((scope) => !SCOPE_KINDS[scope].some((kind) => organization.kinds.includes(kind)));
    if (unfit.length) throw scopeNotAllowed(unfit);
    if (expiresAt && expiresAt <= new Date()) throw expiryInPast();
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
        // I1: no key lives forever unless the caller chose an expiry itself.
        expiresAt: expiresAt ?? new Date(Date.now() + DEFAULT_KEY_LIFETIME_DAYS * 24 * 60 * 60 * 1000),
      });
      recordAudit(em, { actorUserId: actor.userId, action: 'API_KEY_CREATED', targetType: 'ApiKey', targetId: apiKey.id, regionId: organization.municipality.region.id, details: { prefix, scopes } });
      await em.flush();
      return Object.assign(new ApiKeyCreatedType(), { apiKey: ApiKeyType.from(apiKey), secret: key });
    });
  }

  /** Effective at once here; the gateway caches identities for at most 10 s. */
  async revoke(apiKeyId: string): Promise<ApiKeyType> {
    // Callers who may manage no key at all learn nothing, not even whether the key exists.
    this.requireKeyManager();
    const key = isUuid(apiKeyId) ? await this.ctx.em.findOne(ApiKeyEntity, { id: apiKeyId }) : null;
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

  private requireKeyManager(): Actor {
    return requireActor(this.ctx.identity, { roles: KEY_MANAGERS });
  }

  private async authorize(organizationId: string): Promise<{ actor: Actor; organization: Organization }> {
    const actor = this.requireKeyManager();
    const organization = isUuid(organizationId) ? await this.ctx.em.findOne(OrganizationEntity, { id: organizationId }, { populate: ['municipality'] }) : null;
    if (!organization) throw new AppError('NOT_FOUND');
    const ownStaff =
      actor.membership.organizationId === organization.id && ['CULTURE_PROVIDER', 'TICKET_AGENT'].includes(actor.membership.role);
    if (!ownStaff && !administersRegion(actor, organization.municipality.region.id)) throw new AppError('FORBIDDEN');
    return { actor, organization };
  }
}
