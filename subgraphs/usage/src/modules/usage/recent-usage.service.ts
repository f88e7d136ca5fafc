import type { SubgraphContext } from '@kaikukanta/kit';
import { registrarOf } from './registration.access.js';
import { RecentUsageRepository } from './recent-usage.repository.js';
import { UsageType } from './usage.type.js';

/** At most this many: a box office undoes recent mistakes, it does not browse history here. */
export const RECENT_USAGES_MAX = 50;

/** The registering organisation's newest uses, cancelled ones included (R29: nobody else's). */
export class RecentUsageService {
  constructor(private readonly ctx: SubgraphContext) {}

  async newest(limit: number): Promise<UsageType[]> {
    const registrar = registrarOf(this.ctx.identity);
    const rows = await new RecentUsageRepository(this.ctx.em).findNewest(registrar, Math.min(Math.max(limit, 1), RECENT_USAGES_MAX));
    return rows.map(UsageType.from);
  }
}
