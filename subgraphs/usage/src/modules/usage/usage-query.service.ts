import { byKeys, isUuid, type SubgraphContext } from '@kaikukanta/kit';
import { registrarOf } from './registration.access.js';
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
    return usage && owner === registrar.organizationId ? usage : null;
  }
}
