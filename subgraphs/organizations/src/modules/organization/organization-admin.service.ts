import { AppError, type EntityManager, type SubgraphContext, isUuid } from '@kaikukanta/kit';
import { requireAnyAdmin, requireRegionAdmin } from '../access/policy.js';
import { recordAudit } from '../audit/audit.service.js';
import { TicketAgentClientEntity } from '../network/network.entity.js';
import { MunicipalityEntity, type Municipality } from '../region/region.entity.js';
import { unknownMunicipality } from '../region/region.errors.js';
import { requiredText } from '../user/user.errors.js';
import { OrganizationEntity, type Organization } from './organization.entity.js';
import { kindMismatch, kindsRequired, providerNeedsVenue, regionChangeRefused } from './organization.errors.js';
import type { OrganizationInput } from './organization.input.js';
import { OrganizationType } from './organization.type.js';

/**
 * Maintaining the network's organisations: national admins anywhere,
 * responsible persons in their region (DOMAIN "People and roles"). Whoever is
 * no administrator at all is refused first, before any input is looked at, so
 * a refusal says nothing about what exists.
 */
export class OrganizationAdminService {
  constructor(private readonly ctx: SubgraphContext) {}

  async create(input: OrganizationInput): Promise<OrganizationType> {
    requireAnyAdmin(this.ctx.identity);
    return this.ctx.em.transactional(async (em) => {
      const { values, municipality } = await validate(em, input);
      const actor = requireRegionAdmin(this.ctx.identity, municipality.region.id);
      const now = new Date();
      const organization = em.create(OrganizationEntity, { id: crypto.randomUUID(), ...values, municipality, active: true, createdAt: now, updatedAt: now });
      recordAudit(em, { actorUserId: actor.userId, action: 'ORGANIZATION_CREATED', targetType: 'Organization', targetId: organization.id, regionId: municipality.region.id, details: { name: values.name } });
      await em.flush();
      return OrganizationType.from(organization);
    });
  }

  async update(id: string, input: OrganizationInput): Promise<OrganizationType> {
    requireAnyAdmin(this.ctx.identity);
    return this.ctx.em.transactional(async (em) => {
      const organization = await loadOrganization(em, id);
      const actor = requireRegionAdmin(this.ctx.identity, organization.municipality.region.id);
      const { values, municipality } = await validate(em, input);
      // The region's responsible person decides (R28); an organisation stays in its region (see regionChangeRefused).
      if (municipality.region.id !== organization.municipality.region.id) throw regionChangeRefused('municipalityCode');
      em.assign(organization, { ...values, municipality });
      recordAudit(em, { actorUserId: actor.userId, action: 'ORGANIZATION_UPDATED', targetType: 'Organization', targetId: id, regionId: municipality.region.id });
      await em.flush();
      return OrganizationType.from(organization);
    });
  }

  /** Deactivation keeps the organisation and its history; it leaves the public lists and its staff and keys stop acting for it. */
  async setActive(id: string, active: boolean): Promise<OrganizationType> {
    requireAnyAdmin(this.ctx.identity);
    return this.ctx.em.transactional(async (em) => {
      const organization = await loadOrganization(em, id);
      const actor = requireRegionAdmin(this.ctx.identity, organization.municipality.region.id);
      if (organization.active !== active) {
        organization.active = active;
        recordAudit(em, { actorUserId: actor.userId, action: active ? 'ORGANIZATION_ACTIVATED' : 'ORGANIZATION_DEACTIVATED', targetType: 'Organization', targetId: id, regionId: organization.municipality.region.id });
      }
      await em.flush();
      return OrganizationType.from(organization);
    });
  }

  /** R18: the provider becomes the agent's client; the provider's region admin decides. */
  async linkTicketAgent(agentId: string, providerId: string, linked: boolean): Promise<boolean> {
    requireAnyAdmin(this.ctx.identity);
    return this.ctx.em.transactional(async (em) => {
      const [agent, provider] = [await loadOrganization(em, agentId), await loadOrganization(em, providerId)];
      const actor = requireRegionAdmin(this.ctx.identity, provider.municipality.region.id);
      if (!agent.kinds.includes('TICKET_AGENT') || !provider.kinds.includes('CULTURE_PROVIDER')) throw kindMismatch();
      const existing = await em.findOne(TicketAgentClientEntity, { agent: agentId, provider: providerId });
      if (linked && !existing) em.create(TicketAgentClientEntity, { agent, provider, createdAt: new Date() });
      if (!linked && existing) em.remove(existing);
      if (linked !== Boolean(existing)) {
        recordAudit(em, { actorUserId: actor.userId, action: linked ? 'TICKET_AGENT_LINKED' : 'TICKET_AGENT_UNLINKED', targetType: 'Organization', targetId: providerId, regionId: provider.municipality.region.id, details: { agentId } });
      }
      await em.flush();
      return linked;
    });
  }
}

/** The organisation with its municipality (and so its region), or NOT_FOUND. */
export async function loadOrganization(em: EntityManager, id: string): Promise<Organization> {
  const organization = isUuid(id) ? await em.findOne(OrganizationEntity, { id }, { populate: ['municipality'] }) : null;
  if (!organization) throw new AppError('NOT_FOUND');
  return organization;
}

/** A municipality by its code, or BAD_USER_INPUT UNKNOWN_MUNICIPALITY. */
export async function requireMunicipality(em: EntityManager, code: string, field = 'municipalityCode'): Promise<Municipality> {
  const municipality = await em.findOne(MunicipalityEntity, { code: code.trim() });
  if (!municipality) throw unknownMunicipality(field);
  return municipality;
}

async function validate(em: EntityManager, input: OrganizationInput) {
  const name = requiredText('name', input.name, 200);
  const kinds = [...new Set(input.kinds)];
  if (!kinds.length) throw kindsRequired();
  const municipality = await requireMunicipality(em, input.municipalityCode);
  const provider = kinds.includes('CULTURE_PROVIDER');
  if (provider && (!input.venueType || !input.field)) throw providerNeedsVenue();
  return {
    municipality,
    values: { name, kinds, venueType: provider ? (input.venueType ?? null) : null, field: provider ? (input.field ?? null) : null },
  };
}
