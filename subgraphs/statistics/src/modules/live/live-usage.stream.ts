import type { LiveUsageRow } from './live-usage.repository.js';

/** Rows a subscriber may fall behind by before it is ended (a resumed client can ask again from where it was). */
export const MAX_QUEUED = 10_000;

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

/**
 * One subscriber's rows: a queue fed by the feed's listener, read by
 * graphql-ws. A plain iterator, not an async generator: `return()` (client
 * gone, or the gateway's shared upstream dropping the topic) must stop
 * listening at once, not after the next use.
 */
export class LiveUsageStream implements AsyncIterableIterator<LiveUsageRow> {
  readonly #queue: LiveUsageRow[] = [];
  #waiting: ((result: IteratorResult<LiveUsageRow>) => void) | undefined;
  #failed: Error | undefined;
  #done = false;
  /** The highest sequence handed on: nothing at or below it is sent again (replay and live overlap). */
  #sent: number;

  constructor(
    after: number,
    private readonly stop: () => void,
  ) {
    this.#sent = after;
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<LiveUsageRow> {
    return this;
  }

  push(row: LiveUsageRow): void {
    if (this.#done || row.sequence <= this.#sent) return;
    this.#sent = row.sequence;
    if (this.#waiting) {
      const waiting = this.#waiting;
      this.#waiting = undefined;
      waiting({ done: false, value: row });
      return;
    }
    if (this.#queue.length >= MAX_QUEUED) {
      this.fail(new Error('live usage subscriber fell too far behind'));
      return;
    }
    this.#queue.push(row);
  }

  fail(error: Error): void {
    this.#failed = error;
    this.#end();
  }

  async next(): Promise<IteratorResult<LiveUsageRow>> {
    const row = this.#queue.shift();
    if (row) return { done: false, value: row };
    if (this.#failed) throw this.#failed;
    if (this.#done) return DONE;
    return new Promise((resolve) => (this.#waiting = resolve));
  }

  async return(): Promise<IteratorResult<LiveUsageRow>> {
    this.#queue.length = 0;
    this.#end();
    return DONE;
  }

  #end(): void {
    if (this.#done) return;
    this.#done = true;
    this.stop();
    const waiting = this.#waiting;
    this.#waiting = undefined;
    waiting?.(DONE);
  }
}
