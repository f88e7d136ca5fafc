import { AppError, badInput, type EntityManager, type SubgraphContext } from '@kaikukanta/kit';
import { requireRegionAdmin } from '../access/policy.js';
import { recordAudit } from '../audit/audit.service.js';
import { TicketAgentClientEntity } from '../network/network.entity.js';
import { MunicipalityEntity, type Municipality } from '../region/region.entity.js';
import { requiredText } from '../user/user.errors.js';
import { OrganizationEntity, type Organization } from './organization.entity.js';
import type { OrganizationInput } from './organization.input.js';
import { OrganizationType } from './organization.type.js';

/** Maintaining the network's organisations: national admins anywhere, responsible persons in their region. */
export class OrganizationAdminService {
  constructor(private readonly ctx: SubgraphContext) {}

  async create(input: OrganizationInput): Promise<OrganizationType> {
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
    return this.ctx.em.transactional(async (em) => {
      const organization = await this.load(em, id);
      const { values, municipality } = await validate(em, input);
      // Moving an organisation to another region needs rights in both.
      const actor = requireRegionAdmin(this.ctx.identity, organization.municipality.region.id);
      requireRegionAdmin(this.ctx.identity, municipality.region.id);
      em.assign(organization, { ...values, municipality });
      recordAudit(em, { actorUserId: actor.userId, action: 'ORGANIZATION_UPDATED', targetType: 'Organization', targetId: id, regionId: municipality.region.id });
      await em.flush();
      return OrganizationType.from(organization);
    });
  }

  /** Deactivation keeps the organisation and its history; it only leaves the public lists. */
  async setActive(id: string, active: boolean): Promise<OrganizationType> {
    return this.ctx.em.transactional(async (em) => {
      const organization = await this.load(em, id);
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
    return this.ctx.em.transactional(async (em) => {
      const [agent, provider] = [await this.load(em, agentId), await this.load(em, providerId)];
      if (!agent.kinds.includes('TICKET_AGENT') || !provider.kinds.includes('CULTURE_PROVIDER')) {
        throw badInput('agentId', { fi: 'Lipunvälittäjä voi liittää vain kulttuuritoimijan.', sv: 'En biljettförmedlare kan bara kopplas till en kulturaktör.', en: 'Only a ticket agent can be linked to a culture provider.' }, 'KIND_MISMATCH');
      }
      const actor = requireRegionAdmin(this.ctx.identity, provider.municipality.region.id);
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

  private async load(em: EntityManager, id: string): Promise<Organization> {
    const organization = await em.findOne(OrganizationEntity, { id }, { populate: ['municipality'] });
    if (!organization) throw new AppError('NOT_FOUND');
    return organization;
  }
}

async function validate(em: EntityManager, input: OrganizationInput) {
  const name = requiredText('name', input.name, 200);
  const kinds = [...new Set(input.kinds)];
  if (!kinds.length) throw badInput('kinds', { fi: 'Valitse vähintään yksi rooli.', sv: 'Välj minst en roll.', en: 'Choose at least one kind.' }, 'REQUIRED');
  const municipality: Municipality | null = await em.findOne(MunicipalityEntity, { code: input.municipalityCode.trim() });
  if (!municipality) {
    throw badInput('municipalityCode', { fi: 'Tuntematon kunta.', sv: 'Okänd kommun.', en: 'Unknown municipality.' }, 'UNKNOWN_MUNICIPALITY');
  }
  const provider = kinds.includes('CULTURE_PROVIDER');
  if (provider && (!input.venueType || !input.field)) {
    throw badInput('venueType', { fi: 'Kulttuuritoimijalle valitaan toimipaikan tyyppi ja ala.', sv: 'För en kulturaktör väljs typ av verksamhet och område.', en: 'A culture provider needs a venue type and a field.' }, 'REQUIRED');
  }
  return {
    municipality,
    values: { name, kinds, venueType: provider ? (input.venueType ?? null) : null, field: provider ? (input.field ?? null) : null },
  };
}
