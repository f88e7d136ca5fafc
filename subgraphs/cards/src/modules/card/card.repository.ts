import { isUuid, type EntityManager } from '@kaikukanta/kit';
import { LockMode, raw, type FilterQuery } from '@mikro-orm/postgresql';
import { BackgroundEntity, type Background } from '../background/background.entity.js';
import type { ListScope } from './card.access.js';
import { CardEntity, CardHistoryEntity, type Card, type CardHistory } from './card.entity.js';
import type { CardKind } from './card.model.js';
import { addDays } from './validity.js';

export interface CardQuery {
  codePrefix?: string;
  usable?: boolean;
  expiringWithinDays?: number;
  kind?: CardKind;
  today: string;
}

/** SQL and ORM queries for cards; rules and access checks live in the services. */
export class CardRepository {
  constructor(private readonly em: EntityManager) {}

  findByDistributor(distributorId: string, limit: number): Promise<Card[]> {
    return this.em.find(CardEntity, { distributorId }, { orderBy: { createdAt: 'desc', id: 'asc' }, limit });
  }

  findByIds(ids: readonly string[]): Promise<Card[]> {
    return this.em.find(CardEntity, { id: { $in: [...ids] } });
  }

  findByCode(code: string): Promise<Card | null> {
    return this.em.findOne(CardEntity, { code });
  }

  /** The card, locked for the rest of the transaction so concurrent validity changes apply one after another. */
  lock(id: string): Promise<Card | null> {
    return this.em.findOne(CardEntity, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  }

  async codeExists(code: string): Promise<boolean> {
    return (await this.em.count(CardEntity, { code })) > 0;
  }

  /** Locked for the change; `regionId` narrows it to a responsible person's region, so nothing outside it is even locked. */
  activeCommunityCards(distributorId: string, regionId?: string): Promise<Card[]> {
    return this.em.find(
      CardEntity,
      { distributorId, kind: 'COMMUNITY', state: 'ACTIVE', ...(regionId ? { regionId } : {}) },
      { lockMode: LockMode.PESSIMISTIC_WRITE, orderBy: { code: 'asc' } },
    );
  }

  async list(scope: ListScope, query: CardQuery, limit: number, offset: number): Promise<{ rows: Card[]; total: number }> {
    const where: FilterQuery<Card>[] = [];
    if ('distributorId' in scope) where.push({ distributorId: scope.distributorId });
    if ('regionId' in scope) where.push({ regionId: scope.regionId });
    if (query.codePrefix) where.push({ code: { $like: `${query.codePrefix}%` } });
    if (query.kind) where.push({ kind: query.kind });
    const usableToday: FilterQuery<Card> = {
      grantedOn: { $lte: query.today },
      validUntil: { $gte: query.today },
      $or: [{ closedOn: null }, { closedOn: { $gt: query.today } }],
    };
    if (query.usable === true || query.expiringWithinDays !== undefined) where.push(usableToday);
    if (query.usable === false) where.push({ $not: usableToday });
    if (query.expiringWithinDays !== undefined) where.push({ validUntil: { $lte: addDays(query.today, query.expiringWithinDays) } });
    const [rows, total] = await this.em.findAndCount(CardEntity, { $and: where }, { orderBy: { createdAt: 'desc', id: 'asc' }, limit, offset });
    return { rows, total };
  }

  historyOf(cardIds: readonly string[]): Promise<CardHistory[]> {
    return this.em.find(CardHistoryEntity, { card: { $in: [...cardIds] } }, { orderBy: { at: 'asc', id: 'asc' } });
  }

  backgroundOf(cardIds: readonly string[]): Promise<Background[]> {
    return this.em.find(BackgroundEntity, { card: { $in: [...cardIds] } });
  }

  /** Cards registered per organisation, for many organisations in one query; an id that is not a UUID counts nothing (L2). */
  async countByDistributors(distributorIds: readonly string[]): Promise<Map<string, number>> {
    const ids = distributorIds.filter(isUuid);
    if (!ids.length) return new Map();
    const rows = await this.em
      .createQueryBuilder(CardEntity, 'c')
      .select(['c.distributorId', raw('count(*) as count')])
      .where({ distributorId: { $in: ids } })
      .groupBy('c.distributorId')
      .execute<{ distributor_id: string; count: string }[]>('all', false);
    return new Map(rows.map((row) => [row.distributor_id, Number(row.count)]));
  }
}
