import type { EntityManager, Logger } from '@kaikukanta/kit';
import { LiveUsageRepository, type LiveUsageRow } from './live-usage.repository.js';

/** Rows read per pass; a burst larger than this is sent in several. */
const BATCH = 500;
/** The log is pruned at most this often, from whichever replica publishes. */
const PRUNE_EVERY_MS = 10 * 60_000;

export type LiveUsageListener = (row: LiveUsageRow) => void;

/**
 * This process's topic of uses (decision 0016). The usage reader appends to
 * `statistics.live_usage` in the transaction that moves its position; after
 * each batch, on every replica (each wakes on the same NOTIFY), `publish`
 * reads the rows after the last one it sent and tells every listener, in
 * sequence order. A sequence is assigned in the reader's transaction, which
 * holds the position lock, so sequences become visible in order and none is
 * skipped by reading "after the last one sent".
 */
export class LiveUsageFeed {
  readonly #listeners = new Set<LiveUsageListener>();
  #last = 0;
  #running: Promise<void> = Promise.resolve();
  #again = false;
  #pending = false;
  #prunedAt = 0;

  constructor(
    private readonly em: EntityManager,
    private readonly logger: Logger,
  ) {}

  /** Starts after what is already logged: those rows are for resuming subscribers, not news. */
  async prime(): Promise<void> {
    this.#last = await new LiveUsageRepository(this.em.fork({ clear: true })).head();
  }

  /** The last sequence told to listeners. */
  get lastPublished(): number {
    return this.#last;
  }

  listen(listener: LiveUsageListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  get listenerCount(): number {
    return this.#listeners.size;
  }

  /** Tells listeners what was appended since the last call; calls during a run ask for one more pass. */
  publish(): Promise<void> {
    if (this.#pending) {
      this.#again = true;
      return this.#running;
    }
    this.#pending = true;
    this.#running = this.#run().finally(() => (this.#pending = false));
    return this.#running;
  }

  async #run(): Promise<void> {
    do {
      this.#again = false;
      const repo = new LiveUsageRepository(this.em.fork({ clear: true }));
      let rows: LiveUsageRow[];
      do {
        rows = await repo.after(this.#last, BATCH);
        for (const row of rows) {
          this.#last = row.sequence;
          for (const listener of this.#listeners) listener(row);
        }
      } while (rows.length === BATCH);
      if (Date.now() - this.#prunedAt > PRUNE_EVERY_MS) {
        this.#prunedAt = Date.now();
        await repo.prune().catch((error: unknown) => this.logger.warn({ err: error }, 'live usage log not pruned'));
      }
    } while (this.#again);
  }
}
