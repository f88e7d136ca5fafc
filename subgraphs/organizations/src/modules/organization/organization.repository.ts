import type { EntityManager } from '@kaikukanta/kit';
import { OrganizationEntity, type Organization } from './organization.entity.js';
import type { OrganizationKind } from './organization.model.js';

export interface OrganizationFilter {
  regionIds?: readonly string[];
  kind?: OrganizationKind;
  activeOnly?: boolean;
}

export class OrganizationRepository {
  constructor(private readonly em: EntityManager) {}

  findByIds(ids: readonly string[]): Promise<Organization[]> {
    return this.em.find(OrganizationEntity, { id: { $in: [...ids] } });
  }

  find(filter: OrganizationFilter): Promise<Organization[]> {
    return this.em.find(
      OrganizationEntity,
      {
        ...(filter.regionIds ? { municipality: { region: { $in: [...filter.regionIds] } } } : {}),
        ...(filter.kind ? { kinds: { $contains: [filter.kind] } } : {}),
        ...(filter.activeOnly ? { active: true } : {}),
      },
      // The municipality (with its region key) comes in the same query: callers group by region.
      { orderBy: { name: 'asc', id: 'asc' }, populate: ['municipality'] },
    );
  }
}
