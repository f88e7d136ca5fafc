import type { EntityManager } from '@kaikukanta/kit';
import { raw } from '@mikro-orm/postgresql';
import { CardEntity, type Card } from './card.entity.js';

export class CardRepository {
  constructor(private readonly em: EntityManager) {}

  findByDistributor(distributorId: string, limit: number): Promise<Card[]> {
    return this.em.find(CardEntity, { distributorId }, { orderBy: { createdAt: 'desc', id: 'asc' }, limit });
  }

  /** Cards registered per organisation, for many organisations in one query. */
  async countByDistributors(distributorIds: readonly string[]): Promise<Map<string, number>> {
    const rows = await this.em
      .createQueryBuilder(CardEntity, 'c')
      .select(['c.distributorId', raw('count(*) as count')])
      .where({ distributorId: { $in: [...distributorIds] } })
      .groupBy('c.distributorId')
      .execute<{ distributor_id: string; count: string }[]>('all', false);
    return new Map(rows.map((row) => [row.distributor_id, Number(row.count)]));
  }
}
