import type { SubgraphContext } from '@kaikukanta/kit';
import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { RegionService } from '../region/region.service.js';
import { MunicipalityType } from '../region/region.type.js';
import { SiteInput } from './site.input.js';
import { SiteService } from './site.service.js';
import { SiteType } from './site.type.js';

@Resolver(() => SiteType)
export class SiteResolver {
  @Mutation(() => SiteType, { description: 'Adds a unit to an organisation.' })
  createSite(@Arg('organizationId', () => ID) organizationId: string, @Arg('input', () => SiteInput) input: SiteInput, @Ctx() ctx: SubgraphContext): Promise<SiteType> {
    return new SiteService(ctx).create(organizationId, input);
  }

  @Mutation(() => SiteType)
  updateSite(@Arg('id', () => ID) id: string, @Arg('input', () => SiteInput) input: SiteInput, @Ctx() ctx: SubgraphContext): Promise<SiteType> {
    return new SiteService(ctx).update(id, input);
  }

  @Mutation(() => SiteType, { description: 'Deactivating keeps the unit and its history.' })
  setSiteActive(@Arg('id', () => ID) id: string, @Arg('active', () => Boolean) active: boolean, @Ctx() ctx: SubgraphContext): Promise<SiteType> {
    return new SiteService(ctx).setActive(id, active);
  }

  @FieldResolver(() => MunicipalityType)
  async municipality(@Root() site: SiteType, @Ctx() ctx: SubgraphContext): Promise<MunicipalityType> {
    return (await new RegionService(ctx).municipality(site.municipalityCode)) as MunicipalityType;
  }
}
