import type { SubgraphContext } from '@kaikukanta/kit';
import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { OrganizationService } from '../organization/organization.service.js';
import { OrganizationType } from '../organization/organization.type.js';
import { RegionService } from './region.service.js';
import { MunicipalityType, RegionType } from './region.type.js';

@Resolver(() => RegionType)
export class RegionResolver {
  @Query(() => [RegionType], { description: 'All Kaikukortti areas.' })
  regions(@Ctx() ctx: SubgraphContext): Promise<RegionType[]> {
    return new RegionService(ctx).list();
  }

  @Query(() => RegionType, { nullable: true })
  region(@Arg('id', () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<RegionType | null> {
    return new RegionService(ctx).byId(id);
  }

  @FieldResolver(() => [MunicipalityType])
  municipalities(@Root() region: RegionType, @Ctx() ctx: SubgraphContext): Promise<MunicipalityType[]> {
    return new RegionService(ctx).municipalitiesOf(region);
  }

  @FieldResolver(() => [OrganizationType])
  organizations(@Root() region: RegionType, @Ctx() ctx: SubgraphContext): Promise<OrganizationType[]> {
    return new OrganizationService(ctx).inRegion(region);
  }
}

@Resolver(() => MunicipalityType)
export class MunicipalityResolver {
  @FieldResolver(() => RegionType)
  region(@Root() municipality: MunicipalityType, @Ctx() ctx: SubgraphContext): Promise<RegionType> {
    return new RegionService(ctx).regionBack(municipality.regionId);
  }
}
