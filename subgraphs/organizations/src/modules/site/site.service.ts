import { AppError, isAuthenticated, type EntityManager, type SubgraphContext } from '@kaikukanta/kit';
import { requireAnyAdmin, requireRegionAdmin } from '../access/policy.js';
import { recordAudit } from '../audit/audit.service.js';
import { loadOrganization, requireMunicipality } from '../organization/organization-admin.service.js';
import { requiredText } from '../user/user.errors.js';
import { SiteEntity, type Site } from './site.entity.js';
import type { SiteInput } from './site.input.js';
import { SiteRepository } from './site.repository.js';
import { SiteType } from './site.type.js';

/**
 * Units of an organisation. Listed like organisations (deactivated ones only
 * to signed-in callers); maintained by the organisation's region admin and
 * national admins, as organisations are (DOMAIN "People and roles").
 */
export class SiteService {
  readonly #repo: SiteRepository;

  constructor(private readonly ctx: SubgraphContext) {
    this.#repo = new SiteRepository(ctx.em);
  }

  /** Sites of an organisation, batched across organisations (one query per page). */
  sitesOf(organizationId: string): Promise<SiteType[]> {
    const activeOnly = !isAuthenticated(this.ctx.identity);
    return this.ctx.loaders
      .get<string, SiteType[]>('site.byOrganization', async (ids) => {
        const rows = (await this.#repo.findByOrganizations(ids, activeOnly)).map(SiteType.from);
        return ids.map((id) => rows.filter((s) => s.organizationId === id));
      })
      .load(organizationId);
  }

  async create(organizationId: string, input: SiteInput): Promise<SiteType> {
    requireAnyAdmin(this.ctx.identity);
    return this.ctx.em.transactional(async (em) => {
      const organization = await loadOrganization(em, organizationId);
      const regionId = organization.municipality.region.id;
      const actor = requireRegionAdmin(this.ctx.identity, regionId);
      const name = requiredText('name', input.name, 200);
      const municipality = await requireMunicipality(em, input.municipalityCode);
      const site = em.create(SiteEntity, { id: crypto.randomUUID(), organization, name, municipality, active: true, createdAt: new Date() });
      recordAudit(em, { actorUserId: actor.userId, action: 'SITE_CREATED', targetType: 'Site', targetId: site.id, regionId, details: { organizationId, name } });
      await em.flush();
      return SiteType.from(site);
    });
  }

  async update(id: string, input: SiteInput): Promise<SiteType> {
    requireAnyAdmin(this.ctx.identity);
    return this.ctx.em.transactional(async (em) => {
      const site = await loadSite(em, id);
      const regionId = site.organization.municipality.region.id;
      const actor = requireRegionAdmin(this.ctx.identity, regionId);
      const name = requiredText('name', input.name, 200);
      const municipality = await requireMunicipality(em, input.municipalityCode);
      em.assign(site, { name, municipality });
      recordAudit(em, { actorUserId: actor.userId, action: 'SITE_UPDATED', targetType: 'Site', targetId: site.id, regionId });
      await em.flush();
      return SiteType.from(site);
    });
  }

  /** Deactivation keeps the site (and whatever was registered at it); it only leaves the public lists. */
  async setActive(id: string, active: boolean): Promise<SiteType> {
    requireAnyAdmin(this.ctx.identity);
    return this.ctx.em.transactional(async (em) => {
      const site = await loadSite(em, id);
      const regionId = site.organization.municipality.region.id;
      const actor = requireRegionAdmin(this.ctx.identity, regionId);
      if (site.active !== active) {
        site.active = active;
        recordAudit(em, { actorUserId: actor.userId, action: active ? 'SITE_ACTIVATED' : 'SITE_DEACTIVATED', targetType: 'Site', targetId: site.id, regionId });
      }
      await em.flush();
      return SiteType.from(site);
    });
  }

}

async function loadSite(em: EntityManager, id: string): Promise<Site> {
  const site = await new SiteRepository(em).findById(id);
  if (!site) throw new AppError('NOT_FOUND');
  return site;
}
