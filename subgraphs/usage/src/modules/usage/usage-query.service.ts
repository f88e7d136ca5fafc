import { byKeys, isUuid, type SubgraphContext } from '@kaikukanta/kit';
import { registrarOf } from './registration.access.js';
import { ownUses } from './scope.repository.js';
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
    if (!usage) return null;
    const own = await ownUses(this.ctx.em, registrar);
    const mine = own.holds({ registeringOrganizationId: usage.registeringOrganization?.id ?? null, registeringRegionId: usage.registeringRegionId ?? null, providerId: usage.provider.id });
    return mine ? usage : null;
  }
}
