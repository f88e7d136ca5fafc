import type { EntityManager } from '@kaikukanta/kit';
import { BackgroundReadEntity, type BackgroundRead } from './background-read.entity.js';

export type BackgroundReadRow = Omit<BackgroundRead, 'id'>;

export interface BackgroundReadQuery {
  since: Date;
  until: Date;
  cardId?: string;
  limit: number;
}

/** Queries on `cards.background_read`; it is only ever appended to and read (M5). */
export class BackgroundReadRepository {
  constructor(private readonly em: EntityManager) {}

  /** One INSERT for all rows, whatever their number: a page of 200 cards costs one statement, not 200. */
  async append(rows: readonly BackgroundReadRow[]): Promise<void> {
    if (rows.length) await this.em.insertMany(BackgroundReadEntity, [...rows]);
  }

  /** Newest first within [since, until). */
  list(query: BackgroundReadQuery): Promise<BackgroundRead[]> {
    return this.em.find(
      BackgroundReadEntity,
      { at: { $gte: query.since, $lt: query.until }, ...(query.cardId ? { cardId: query.cardId } : {}) },
      { orderBy: { at: 'desc', id: 'desc' }, limit: query.limit },
    );
  }
}
