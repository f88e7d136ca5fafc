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
}
