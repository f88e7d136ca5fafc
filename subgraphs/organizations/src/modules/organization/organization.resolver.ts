import type { SubgraphContext } from '@kaikukanta/kit';
import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { RegionService } from '../region/region.service.js';
import { MunicipalityType, RegionType } from '../region/region.type.js';
import { OrganizationKindEnum, type OrganizationKind } from './organization.model.js';
import { OrganizationService } from './organization.service.js';
import { OrganizationType } from './organization.type.js';

@Resolver(() => OrganizationType)
export class OrganizationResolver {
  @Query(() => [OrganizationType], { description: 'Organisations of the network, optionally of one region or kind.' })
  organizations(
    @Arg('regionId', () => ID, { nullable: true }) regionId: string | null,
    @Arg('kind', () => OrganizationKindEnum, { nullable: true }) kind: OrganizationKind | null,
    @Ctx() ctx: SubgraphContext,
  ): Promise<OrganizationType[]> {
    return new OrganizationService(ctx).list({ regionId, kind });
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
  async region(@Root() organization: OrganizationType, @Ctx() ctx: SubgraphContext): Promise<RegionType> {
    const regions = new RegionService(ctx);
    const municipality = (await regions.municipality(organization.municipalityCode)) as MunicipalityType;
    return (await regions.byId(municipality.regionId)) as RegionType;
  }
}
