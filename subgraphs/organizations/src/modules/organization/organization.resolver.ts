import type { SubgraphContext } from '@kaikukanta/kit';
import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { RegionService } from '../region/region.service.js';
import { MunicipalityType, RegionType } from '../region/region.type.js';
import { OrganizationKindEnum, type OrganizationKind } from './organization.model.js';
import { OrganizationService } from './organization.service.js';
import { OrganizationType } from './organization.type.js';
import { SiteService } from '../site/site.service.js';
import { SiteType } from '../site/site.type.js';

@Resolver(() => OrganizationType)
export class OrganizationResolver {
  @Query(() => [OrganizationType], { description: 'Organisations of the network, optionally of one region, municipality or kind.' })
  organizations(
    @Arg('regionId', () => ID, { nullable: true }) regionId: string | null,
    @Arg('kind', () => OrganizationKindEnum, { nullable: true }) kind: OrganizationKind | null,
    @Ctx() ctx: SubgraphContext,
    @Arg('municipalityCode', () => ID, { nullable: true, description: 'Statistics Finland code, e.g. "837": a culture officer lists the providers they act for (decision 0022).' })
    municipalityCode: string | null,
  ): Promise<OrganizationType[]> {
    return new OrganizationService(ctx).list({ regionId, kind, municipalityCode });
  }

  @Query(() => OrganizationType, { nullable: true })
  organization(@Arg('id', () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<OrganizationType | null> {
    return new OrganizationService(ctx).byId(id);
  }

  @FieldResolver(() => MunicipalityType)
  async municipality(@Root() organization: OrganizationType, @Ctx() ctx: SubgraphContext): Promise<MunicipalityType> {
    return (await new RegionService(ctx).municipality(organization.municipalityCode)) as MunicipalityType;
  }

  @FieldResolver(() => RegionType)
  region(@Root() organization: OrganizationType, @Ctx() ctx: SubgraphContext): Promise<RegionType> {
    return new RegionService(ctx).regionOfMunicipality(organization.municipalityCode);
  }

  @FieldResolver(() => [SiteType], { description: 'Units of the organisation, e.g. the offices of a distributor that has several.' })
  sites(@Root() organization: OrganizationType, @Ctx() ctx: SubgraphContext): Promise<SiteType[]> {
    return new SiteService(ctx).sitesOf(organization.id);
  }

  @FieldResolver(() => [OrganizationType], { description: 'For a ticket agent: the culture providers that are its clients (R18).' })
  clientProviders(@Root() organization: OrganizationType, @Ctx() ctx: SubgraphContext): Promise<OrganizationType[]> {
    return new OrganizationService(ctx).clientProvidersOf(organization);
  }

  @FieldResolver(() => [OrganizationType], { description: 'For a culture provider: the ticket agents it is a client of (R18).' })
  ticketAgents(@Root() organization: OrganizationType, @Ctx() ctx: SubgraphContext): Promise<OrganizationType[]> {
    return new OrganizationService(ctx).ticketAgentsOf(organization);
  }
}
