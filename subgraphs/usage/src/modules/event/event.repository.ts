import type { EntityManager } from '@kaikukanta/kit';
import { EventEntity, type Event } from './event.entity.js';

export class EventRepository {
  constructor(private readonly em: EntityManager) {}

  /** Upcoming events of many providers in one query, soonest first. */
  findUpcoming(providerIds: readonly string[], from: Date, limit: number): Promise<Event[]> {
    return this.em.find(
      EventEntity,
      { ...(providerIds.length ? { providerId: { $in: [...providerIds] } } : {}), startsAt: { $gte: from } },
      { orderBy: { startsAt: 'asc', id: 'asc' }, limit },
    );
  }
}
