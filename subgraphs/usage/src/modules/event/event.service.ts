import { byKeys, isUuid, type SubgraphContext } from '@kaikukanta/kit';
import { EventRepository } from './event.repository.js';
import { EventType } from './event.type.js';

/** The offering open to card holders is public (R19): anyone may list events. */
export class EventService {
  readonly #repo: EventRepository;

  constructor(private readonly ctx: SubgraphContext) {
    this.#repo = new EventRepository(ctx.em);
  }

  /** A `providerId` that is not a UUID names no provider: no events, not a failed cast (L2). */
  async upcoming(providerId: string | null, limit: number): Promise<EventType[]> {
    if (providerId !== null && !isUuid(providerId)) return [];
    const rows = await this.#repo.findUpcoming(providerId ? [providerId] : undefined, new Date(), Math.min(Math.max(limit, 1), 200));
    return rows.map(EventType.from);
  }

  upcomingOf(providerId: string): Promise<EventType[]> {
    return this.ctx.loaders
      .get<string, EventType[]>('event.upcomingByProvider', async (ids) => {
        const valid = ids.filter(isUuid);
        const rows = valid.length ? (await this.#repo.findUpcoming(valid, new Date(), 1000)).map(EventType.from) : [];
        return ids.map((id) => rows.filter((e) => e.providerId === id).slice(0, 20));
      })
      .load(providerId);
  }

  /** Event references from other subgraphs, one query per batch; null for an unknown or malformed id (I1). */
  reference(id: string): Promise<EventType | null> {
    if (!isUuid(id)) return Promise.resolve(null);
    return this.ctx.loaders
      .get<string, EventType | null>('event.byId', async (ids) => byKeys(ids, await this.#repo.findByIds(ids), (row) => row.id).map((row) => (row ? EventType.from(row) : null)))
      .load(id);
  }
}
