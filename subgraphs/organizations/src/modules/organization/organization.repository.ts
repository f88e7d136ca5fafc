import { isUuid } from '@kaikukanta/kit';
import type { EntityManager } from '@kaikukanta/kit';
import { OrganizationEntity, type Organization } from './organization.entity.js';
import type { OrganizationKind } from './organization.model.js';
import { TicketAgentClientEntity, type TicketAgentClient } from '../network/network.entity.js';

export interface OrganizationFilter {
  regionIds?: readonly string[];
  municipalityCode?: string;
  kind?: OrganizationKind;
  activeOnly?: boolean;
}

export class OrganizationRepository {
  constructor(private readonly em: EntityManager) {}

  /** Ids that cannot be UUIDs match nothing (and never reach PostgreSQL's cast). */
  async findByIds(ids: readonly string[]): Promise<Organization[]> {
    const valid = ids.filter(isUuid);
    return valid.length ? this.em.find(OrganizationEntity, { id: { $in: valid } }) : [];
  }

  async find(filter: OrganizationFilter): Promise<Organization[]> {
    if (filter.regionIds && !filter.regionIds.some(isUuid)) return [];
    return this.em.find(
      OrganizationEntity,
      {
        ...(filter.regionIds || filter.municipalityCode
          ? {
              municipality: {
                ...(filter.regionIds ? { region: { $in: filter.regionIds.filter(isUuid) } } : {}),
                ...(filter.municipalityCode ? { code: filter.municipalityCode } : {}),
              },
            }
          : {}),
        ...(filter.kind ? { kinds: { $contains: [filter.kind] } } : {}),
        ...(filter.activeOnly ? { active: true } : {}),
      },
      // The municipality (with its region key) comes in the same query: callers group by region.
      { orderBy: { name: 'asc', id: 'asc' }, populate: ['municipality'] },
    );
  }

  /** R18 links of the given agents or providers, with both organisations. */
  findLinks(side: 'agent' | 'provider', ids: readonly string[]): Promise<TicketAgentClient[]> {
    return this.em.find(TicketAgentClientEntity, { [side]: { $in: [...ids] } }, { populate: ['agent', 'provider'], orderBy: { createdAt: 'asc' } });
  }
}
