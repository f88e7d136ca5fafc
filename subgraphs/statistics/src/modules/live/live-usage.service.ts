import { AppError, type EntityManager, type Identity } from '@kaikukanta/kit';
import { inScope, liveScopeOf } from './live-usage.access.js';
import type { LiveUsageFeed } from './live-usage.feed.js';
import { LiveUsageRepository, type LiveUsageRow } from './live-usage.repository.js';
import { LiveUsageStream } from './live-usage.stream.js';

const RESUME_PAGE = 500;

/** R24 live uses: one use by its sequence, and the live stream with resume (decision 0016). */
export class LiveUsageService {
  readonly #repo: LiveUsageRepository;

  constructor(em: EntityManager) {
    this.#repo = new LiveUsageRepository(em);
  }

  /** One use, if the caller may follow it; null when out of scope or no longer kept (existence does not leak). */
  async bySequence(identity: Identity, sequence: number): Promise<LiveUsageRow | null> {
    const scope = liveScopeOf(identity);
    const row = await this.#repo.bySequence(sequence);
    return row && inScope(scope, row) ? row : null;
  }

  /**
   * The uses the caller may follow from now on, or from after `after`: the
   * kept rows after it first, then live ones, with neither a gap nor a
   * repeat. Listening starts before the log is read, so a use committed
   * meanwhile arrives by one path or the other and the stream drops the copy.
   */
  async follow(identity: Identity, feed: LiveUsageFeed, options: { after?: number | null; providerId?: string | null }): Promise<AsyncIterableIterator<LiveUsageRow>> {
    const scope = liveScopeOf(identity);
    const providerId = options.providerId ?? undefined;
    const after = options.after ?? undefined;
    if (after !== undefined && after < 0) throw new AppError('BAD_USER_INPUT', { details: { field: 'after' } });
    let stop = () => undefined as unknown;
    const stream = new LiveUsageStream(after ?? feed.lastPublished, () => stop());
    const held: LiveUsageRow[] = [];
    let replaying = after !== undefined;
    stop = feed.listen((row) => {
      if (!inScope(scope, row) || (providerId && row.providerId !== providerId)) return;
      if (replaying) held.push(row);
      else stream.push(row);
    });
    if (after === undefined) return stream;
    try {
      const oldest = await this.#repo.oldest();
      // Rows before the oldest kept one are gone: resuming would hide them, so say so instead (RESUME_UNAVAILABLE).
      if (oldest !== null && after < oldest - 1) throw new AppError('RESUME_UNAVAILABLE', { messages: RESUME_UNAVAILABLE });
      let from = after;
      for (;;) {
        const rows = await this.#repo.after(from, RESUME_PAGE, scope, providerId);
        for (const row of rows) stream.push(row);
        if (rows.length < RESUME_PAGE) break;
        from = rows[rows.length - 1]!.sequence;
      }
    } catch (error) {
      await stream.return();
      throw error;
    }
    replaying = false;
    for (const row of held.splice(0)) stream.push(row);
    return stream;
  }
}

const RESUME_UNAVAILABLE = {
  fi: 'Näin vanhasta kohdasta ei voi jatkaa. Hae luvut uudelleen ja tilaa ilman after-arvoa.',
  sv: 'Det går inte att fortsätta från så långt tillbaka. Hämta siffrorna igen och prenumerera utan after.',
  en: 'Cannot resume from that far back. Read the figures again and subscribe without `after`.',
};
