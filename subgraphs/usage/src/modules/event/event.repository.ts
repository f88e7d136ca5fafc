import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@kaikukanta/kit';
import { eventRowOf, type EventDbRow } from '../usage/usage.repository.js';
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

  /**
   * The next `perProvider` events of each provider (the `upcomingEvents` of many organisations, e.g. the network page),
   * as plain rows: read-only, so no managed entities — hydrating them was a third of the usage subgraph's time on the
   * network page (issue 12). Each provider's own next events, so a busy provider never crowds out the others.
   */
  async findUpcomingPerProvider(providerIds: readonly string[], from: Date, perProvider: number): Promise<Event[]> {
    if (!providerIds.length) return [];
    const rows = await this.em.execute<(EventDbRow & ListedColumns)[]>(
      `select e.*
         from unnest(?::uuid[]) as p(id)
         cross join lateral (select * from usage.event where provider_id = p.id and starts_at >= ? order by starts_at, id limit ?) e
        order by e.starts_at, e.id`,
      [`{${providerIds.join(',')}}`, from, perProvider],
    );
    return rows.map((row): Event => {
      const { excluded: _excluded, ...rules } = eventRowOf(row);
      return {
        ...rules,
        exclusionReason: row.exclusion_reason,
        capacity: row.capacity,
        guestProducer: row.guest_producer,
        exclusionNote: row.exclusion_note,
        createdAt: new Date(row.created_at),
        updatedAt: new Date(row.updated_at),
      };
    });
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

/** The columns of usage.event an event list shows beyond what the rules read (`EVENT_COLUMNS`). */
interface ListedColumns {
  capacity: number;
  guest_producer: boolean;
  exclusion_note: string | null;
  created_at: Date | string;
  updated_at: Date | string;
}
