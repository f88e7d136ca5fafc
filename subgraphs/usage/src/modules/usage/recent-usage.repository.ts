import type { EntityManager } from '@kaikukanta/kit';
import { UsageEntity, type Usage } from './usage.entity.js';

/** The box office's "last registrations" list: one organisation's newest uses (index on registering_organization_id). */
export class RecentUsageRepository {
  constructor(private readonly em: EntityManager) {}

  findNewest(organizationId: string, limit: number): Promise<Usage[]> {
    return this.em.find(UsageEntity, { registeringOrganizationId: organizationId }, { orderBy: { registeredAt: 'desc', id: 'desc' }, limit });
  }
}
