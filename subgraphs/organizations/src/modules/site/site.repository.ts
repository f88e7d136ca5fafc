import { isUuid } from '@kaikukanta/kit';
import type { EntityManager } from '@kaikukanta/kit';
import { SiteEntity, type Site } from './site.entity.js';

/** Queries only; rules live in the service. */
export class SiteRepository {
  constructor(private readonly em: EntityManager) {}

  findByOrganizations(organizationIds: readonly string[], activeOnly: boolean): Promise<Site[]> {
    return this.em.find(
      SiteEntity,
      { organization: { $in: [...organizationIds] }, ...(activeOnly ? { active: true } : {}) },
      { orderBy: { name: 'asc', id: 'asc' } },
    );
  }

  /** The site with its organisation's municipality (for the region check), or null. */
  async findById(id: string): Promise<Site | null> {
    return isUuid(id) ? this.em.findOne(SiteEntity, { id }, { populate: ['organization.municipality'] }) : null;
  }
}
