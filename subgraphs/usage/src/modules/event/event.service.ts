import type { SubgraphContext } from '@kaikukanta/kit';
import { EventRepository } from './event.repository.js';
import { EventType } from './event.type.js';

/** The offering open to card holders is public (R19): anyone may list events. */
export class EventService {
  readonly #repo: EventRepository;

  constructor(private readonly ctx: SubgraphContext) {
    this.#repo = new EventRepository(ctx.em);
  }

  async upcoming(providerId: string | null, limit: number): Promise<EventType[]> {
    const rows = await this.#repo.findUpcoming(providerId ? [providerId] : [], new Date(), Math.min(Math.max(limit, 1), 200));
    return rows.map(EventType.from);
  }

  upcomingOf(providerId: string): Promise<EventType[]> {
    return this.ctx.loaders
      .get<string, EventType[]>('event.upcomingByProvider', async (ids) => {
        const rows = (await this.#repo.findUpcoming(ids, new Date(), 1000)).map(EventType.from);
        return ids.map((id) => rows.filter((e) => e.providerId === id).slice(0, 20));
      })
      .load(providerId);
  }
}
