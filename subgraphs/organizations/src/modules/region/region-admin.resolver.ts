import type { SubgraphContext } from '@kaikukanta/kit';
import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import { RegionAdminService } from './region-admin.service.js';
import { MunicipalityInput, RegionInput } from './region.input.js';
import { MunicipalityType, RegionType } from './region.type.js';

@Resolver(() => RegionType)
export class RegionAdminResolver {
  @Mutation(() => RegionType, { description: 'National admins only.' })
  createRegion(@Arg('input', () => RegionInput) input: RegionInput, @Ctx() ctx: SubgraphContext): Promise<RegionType> {
    return new RegionAdminService(ctx).create(input);
  }

  @Mutation(() => RegionType, { description: 'National admins only.' })
  updateRegion(@Arg('id', () => ID) id: string, @Arg('input', () => RegionInput) input: RegionInput, @Ctx() ctx: SubgraphContext): Promise<RegionType> {
    return new RegionAdminService(ctx).update(id, input);
  }

  @Mutation(() => MunicipalityType, { description: 'Adds a municipality or moves it to another region. National admins only.' })
  saveMunicipality(@Arg('input', () => MunicipalityInput) input: MunicipalityInput, @Ctx() ctx: SubgraphContext): Promise<MunicipalityType> {
    return new RegionAdminService(ctx).saveMunicipality(input);
  }
}
