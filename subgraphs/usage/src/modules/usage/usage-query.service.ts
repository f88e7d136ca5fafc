import { byKeys, isUuid, type SubgraphContext } from '@kaikukanta/kit';
import { registrarOf } from './registration.access.js';
import { ScopeRepository } from './scope.repository.js';
import { UsageRepository } from './usage.repository.js';
import { UsageType } from './usage.type.js';

/** Reads of uses: only the registering organisation sees its uses (R29: nothing of them for anyone else). */
export class UsageQueryService {
  constructor(private readonly ctx: SubgraphContext) {}

  async byId(id: string): Promise<UsageType | null> {
    const registrar = registrarOf(this.ctx.identity);
    if (!isUuid(id)) return null;
    const usage = await this.ctx.loaders
      .get<string, UsageType | null>('usage.byId', async (ids) => byKeys(ids, (await new UsageRepository(this.ctx.em).findUsages(ids.filter(isUuid))).map(UsageType.from), (u) => u.id))
      .load(id);
    const owner = registrar.regionScoped ? usage?.registeringRegionId : usage?.registeringOrganization?.id;
    if (!usage || owner !== registrar.organizationId) return null;
    // Decision 0022: a culture officer reads the region's uses of their own municipality's providers only.
    if (registrar.regionScoped && !(registrar.municipalityCode && (await new ScopeRepository(this.ctx.em).providersOfMunicipality(registrar.organizationId, registrar.municipalityCode)).includes(usage.provider.id))) return null;
    return usage;
  }
}
