import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@kaikukanta/kit';
import { EventEntity, type Event } from './event.entity.js';

/** Queries on events; callers pass only UUIDs (the column is `uuid`, a cast failure would be an internal error). */
export class EventRepository {
  constructor(private readonly em: EntityManager) {}

  /** Upcoming events of many providers in one query, soonest first; all providers' when `providerIds` is undefined. */
  findUpcoming(providerIds: readonly string[] | undefined, from: Date, limit: number): Promise<Event[]> {
    return this.em.find(
      EventEntity,
      { ...(providerIds ? { providerId: { $in: [...providerIds] } } : {}), startsAt: { $gte: from } },
      { orderBy: { startsAt: 'asc', id: 'asc' }, limit },
    );
  }

  findByIds(ids: readonly string[]): Promise<Event[]> {
    return this.em.find(EventEntity, { id: { $in: [...ids] } });
  }

  /** One provider's events starting in [from, to), soonest first, one page. */
  findByProvider(providerId: string, from: Date, to: Date, limit: number, offset: number): Promise<Event[]> {
    return this.em.find(EventEntity, { providerId, startsAt: { $gte: from, $lt: to } }, { orderBy: { startsAt: 'asc', id: 'asc' }, limit, offset });
  }

  /**
   * The event, its row locked until the transaction ends: a cap edit and a registration taking places
   * (`used + n <= cap`) cannot pass each other, so "not below what is registered" holds (R20, R21).
   */
  findForUpdate(id: string): Promise<Event | null> {
    return this.em.findOne(EventEntity, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  }

  create(data: Omit<Event, 'used' | 'createdAt' | 'updatedAt'>): Event {
    const now = new Date();
    return this.em.create(EventEntity, { ...data, used: 0, createdAt: now, updatedAt: now });
  }

  flush(): Promise<void> {
    return this.em.flush();
  }
}
