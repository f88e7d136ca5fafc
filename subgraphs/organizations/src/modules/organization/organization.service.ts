import { byKeys, isAuthenticated, type SubgraphContext } from '@kaikukanta/kit';
import { reachedBack, refuseIfReachedBack } from '../network/fan-out.js';
import type { RegionType } from '../region/region.type.js';
import { OrganizationRepository } from './organization.repository.js';
import type { OrganizationKind } from './organization.model.js';
import { OrganizationType } from './organization.type.js';

export class OrganizationService {
  readonly #repo: OrganizationRepository;

  constructor(private readonly ctx: SubgraphContext) {
    this.#repo = new OrganizationRepository(ctx.em);
  }

  /** Deactivated organisations stay in the registry for history but are listed only to signed-in users. */
  private get activeOnly(): boolean {
    return !isAuthenticated(this.ctx.identity);
  }

  async list(filter: { regionId?: string | null; kind?: OrganizationKind | null; municipalityCode?: string | null }): Promise<OrganizationType[]> {
    const rows = await this.#repo.find({
      ...(filter.regionId ? { regionIds: [filter.regionId] } : {}),
      ...(filter.municipalityCode ? { municipalityCode: filter.municipalityCode } : {}),
      ...(filter.kind ? { kind: filter.kind } : {}),
      activeOnly: this.activeOnly,
    });
    return rows.map(OrganizationType.from);
  }

  /**
   * Organisations of a region, batched across regions (one query for the whole page). H1: not on a
   * region reached back from an organisation or municipality, and what it lists cannot list on.
   */
  async inRegion(region: RegionType): Promise<OrganizationType[]> {
    refuseIfReachedBack(region, 'Region.organizations');
    const organizations = await this.ctx.loaders
      .get<string, OrganizationType[]>('organization.byRegion', async (regionIds) => {
        const rows = await this.#repo.find({ regionIds, activeOnly: this.activeOnly });
        const regionOf = (o: (typeof rows)[number]) => o.municipality.region.id;
        return regionIds.map((id) => rows.filter((o) => regionOf(o) === id).map(OrganizationType.from));
      })
      .load(region.id);
    return organizations.map(reachedBack);
  }

  /** R18: the culture providers an agent sells tickets for (its clients). H1: not on an organisation another list produced. */
  async clientProvidersOf(agent: OrganizationType): Promise<OrganizationType[]> {
    refuseIfReachedBack(agent, 'Organization.clientProviders');
    return (await this.linked('agent', agent.id)).map(reachedBack);
  }

  /** R18: the ticket agents a provider is a client of. H1: not on an organisation another list produced. */
  async ticketAgentsOf(provider: OrganizationType): Promise<OrganizationType[]> {
    refuseIfReachedBack(provider, 'Organization.ticketAgents');
    return (await this.linked('provider', provider.id)).map(reachedBack);
  }

  /** One query per batch for either side of the agent ↔ provider links; deactivated ones only to signed-in callers. */
  private linked(side: 'agent' | 'provider', id: string): Promise<OrganizationType[]> {
    const other = side === 'agent' ? 'provider' : 'agent';
    return this.ctx.loaders
      .get<string, OrganizationType[]>(`organization.links.${side}`, async (ids) => {
        const links = await this.#repo.findLinks(side, ids);
        return ids.map((key) =>
          links
            .filter((link) => link[side].id === key && (!this.activeOnly || link[other].active))
            .map((link) => OrganizationType.from(link[other])),
        );
      })
      .load(id);
  }

  /** By id, batched: the reference resolver and field resolvers all go through here (one query per batch). */
  async byId(id: string): Promise<OrganizationType | null> {
    const organization = await this.ctx.loaders
      .get<string, OrganizationType | null>('organization.byId', async (ids) =>
        byKeys(ids, (await this.#repo.findByIds(ids)).map(OrganizationType.from), (o) => o.id),
      )
      .load(id);
    if (organization && !organization.active && this.activeOnly) return null;
    return organization;
  }
}
