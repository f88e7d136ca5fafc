import { bound, isUuid } from '@kaikukanta/kit';
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

/** What an organisation's GraphQL type reads (`OrganizationType.from`): an entity or a plain row. */
export type OrganizationRow = Pick<Organization, 'id' | 'name' | 'kinds' | 'venueType' | 'field' | 'active'> & { municipality: { code: string; region: { id: string } } };

type DbOrganization = {
  id: string;
  name: string;
  kinds: Organization['kinds'];
  venue_type: Organization['venueType'];
  field: Organization['field'];
  active: boolean;
  municipality_code: string;
  region_id: string;
};

export class OrganizationRepository {
  constructor(private readonly em: EntityManager) {}

  /** Ids that cannot be UUIDs match nothing (and never reach PostgreSQL's cast). */
  async findByIds(ids: readonly string[]): Promise<Organization[]> {
    const valid = ids.filter(isUuid);
    return valid.length ? this.em.find(OrganizationEntity, { id: { $in: valid } }) : [];
  }

  /**
   * Organisations as plain rows, by name: read-only, and the public network page lists every region's (decision
   * 0025) — as managed entities with their municipalities populated, hydration was most of the organizations
   * subgraph's CPU on that page (issue 12). The municipality's region comes with each, so callers group by region.
   */
  async find(filter: OrganizationFilter): Promise<OrganizationRow[]> {
    const regionIds = filter.regionIds?.filter(isUuid);
    if (regionIds && !regionIds.length) return [];
    const rows = await bound<DbOrganization[]>(
      this.em,
      `select o.id, o.name, o.kinds, o.venue_type, o.field, o.active, o.municipality_code, m.region_id
         from organizations.organization o join organizations.municipality m on m.code = o.municipality_code
        where (?::uuid[] is null or m.region_id = any(?::uuid[]))
          and (?::text is null or o.municipality_code = ?::text)
          and (?::text is null or o.kinds @> array[?::text])
          and (not ?::boolean or o.active)
        order by o.name, o.id`,
      [
        ...Array<string | null>(2).fill(regionIds ? `{${regionIds.join(',')}}` : null),
        ...Array<string | null>(2).fill(filter.municipalityCode ?? null),
        ...Array<string | null>(2).fill(filter.kind ?? null),
        filter.activeOnly === true,
      ],
    );
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      kinds: row.kinds,
      venueType: row.venue_type,
      field: row.field,
      active: row.active,
      municipality: { code: row.municipality_code, region: { id: row.region_id } },
    }));
  }

  /** R18 links of the given agents or providers, with both organisations. */
  findLinks(side: 'agent' | 'provider', ids: readonly string[]): Promise<TicketAgentClient[]> {
    return this.em.find(TicketAgentClientEntity, { [side]: { $in: [...ids] } }, { populate: ['agent', 'provider'], orderBy: { createdAt: 'asc' } });
  }
}
