import type { EntityManager } from '@kaikukanta/kit';
import type { Registrar } from './registration.access.js';
import { UsageEntity, type Usage } from './usage.entity.js';

/** The box office's "last registrations" list: one organisation's (or a culture officer's region's) newest uses (indexed columns). */
export class RecentUsageRepository {
  constructor(private readonly em: EntityManager) {}

  findNewest(registrar: Pick<Registrar, 'organizationId' | 'regionScoped'>, limit: number): Promise<Usage[]> {
    const own = registrar.regionScoped ? { registeringRegionId: registrar.organizationId } : { registeringOrganizationId: registrar.organizationId };
    return this.em.find(UsageEntity, own, { orderBy: { registeredAt: 'desc', id: 'desc' }, limit });
  }
}
