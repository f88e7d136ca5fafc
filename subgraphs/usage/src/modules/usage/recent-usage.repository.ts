import type { EntityManager } from '@kaikukanta/kit';
import type { Registrar } from './registration.access.js';
import { ownUses } from './scope.repository.js';
import { UsageEntity, type Usage } from './usage.entity.js';

/** The box office's "last registrations" list: one organisation's (or a culture officer's region's) newest uses (indexed columns). */
export class RecentUsageRepository {
  constructor(private readonly em: EntityManager) {}

  async findNewest(registrar: Pick<Registrar, 'organizationId' | 'regionScoped' | 'municipalityCode'>, limit: number): Promise<Usage[]> {
    const { where } = await ownUses(this.em, registrar);
    return this.em.find(UsageEntity, where, { orderBy: { registeredAt: 'desc', id: 'desc' }, limit });
  }
}
