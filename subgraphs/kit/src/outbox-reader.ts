import pg from 'pg';
import type { EntityManager, MikroORM } from './db/orm.js';
import type { Logger } from './logger.js';
import { READER_POSITION_TABLE } from './reader-position.js';

/** What a reader needs of an outbox event: its id, increasing in commit order (the writer guarantees that). */
export interface OutboxEvent {
  id: number;
}

export interface OutboxReaderOptions<TEvent extends OutboxEvent> {
  /** The reading subgraph's ORM: the position lives in its schema's `reader_position`, and `apply` runs in its transaction. */
  orm: MikroORM;
  /** Whose outbox this is: the key of the position row, one of the sources in `defineReaderPositionEntity`. */
  source: string;
  /** Channel the writer NOTIFYs when an append commits. */
  channel: string;
  /** Events with `id > afterId`, ascending by id, at most `limit`; read in the applying transaction. */
  fetch: (em: EntityManager, afterId: number, limit: number) => Promise<TEvent[]>;
  /**
   * The outbox's highest id (0 when empty). Below the stored position means the outbox was restored or re-created
   * and its sequence restarted: every new event would be skipped, so the reader refuses to start, or, running,
   * logs an error on every wake and reports not ready (L4).
   */
  head: (em: EntityManager) => Promise<number>;
  /**
   * An event's position, the reader's cursor: its id by default (an outbox ordered by id, decision 0009). An outbox
   * ordered by writing transaction (usage, decision 0015) gives the transaction id; `fetch` then returns whole
   * transactions, so several events of a batch share a position, and never splits one across batches.
   */
  positionOf?: (event: TEvent) => number;
  /** Derives what the reader keeps from one batch; runs in the transaction that also moves the position. */
  apply: (em: EntityManager, events: TEvent[]) => Promise<void>;
  logger: Logger;
  /**
   * Called after the position moved forward, whether this instance applied the batch or another replica did
   * (every replica wakes on the same NOTIFY), e.g. to publish live figures. Runs after the commit.
   */
  onAdvance?: (position: number) => void | Promise<void>;
  /** Events per transaction. Default 500. */
  batchSize?: number;
  /** Fallback poll for a NOTIFY lost while the listener reconnected. Default 5000 ms. */
  pollIntervalMs?: number;
  /**
   * Whether events after `position` exist that `fetch` may not return yet — e.g. rows of transactions above the
   * snapshot horizon while an older, unrelated transaction is still open (decision 0015). When it says so, the
   * reader looks again shortly (50 ms, doubling up to 1 s) instead of waiting for the next poll,
   * so a NOTIFY that came too early does not cost a whole poll interval (R24).
   */
  pending?: (em: EntityManager, position: number) => Promise<boolean>;
  /** First delay before reconnecting the listener; doubles up to 30 s. Default 1000 ms. */
  reconnectDelayMs?: number;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;
/** First delay before looking again for events that exist but could not be read yet (see `pending`). */
const RETRY_FIRST_MS = 50;
/** Longest delay between those looks: one cheap `exists` query a second while an old transaction stays open. */
const RETRY_MAX_MS = 1_000;

/**
 * Reads another subgraph's outbox into this one (ARCHITECTURE "Data ownership"):
 * each batch is applied and the position moved in one transaction, so an event
 * is derived exactly once even across crashes; the position row is locked
 * (`for update`) for that transaction, so replicas reading the same outbox take
 * turns instead of applying a batch twice. Wakes on LISTEN and on a slow poll,
 * and catches up from the table at start. Resolves, once listening, with the
 * stop function (a `startWorkers` result); catching up goes on in the background.
 */
export async function startOutboxReader<TEvent extends OutboxEvent>(options: OutboxReaderOptions<TEvent>): Promise<OutboxReaderHandle> {
  const reader = new OutboxReader(options);
  await reader.start();
  return Object.assign(() => reader.stop(), { ready: () => reader.ready() });
}

/** The stop function, plus a readiness check for `/readyz`: it rejects once the outbox is found behind the position. */
export type OutboxReaderHandle = (() => Promise<void>) & { ready: () => Promise<void> };

/** The outbox's ids restarted below what this reader has applied (L4): new events would be skipped silently. */
export class OutboxBehindError extends Error {
  constructor(
    readonly source: string,
    readonly head: number,
    readonly position: number,
  ) {
    super(`outbox reader (${source}): the outbox's highest id ${head} is below the applied position ${position}; restored or re-created outbox? Events would be skipped; fix the position by hand`);
    this.name = 'OutboxBehindError';
  }
}

class OutboxReader<TEvent extends OutboxEvent> {
  readonly #table: string;
  readonly #batchSize: number;
  readonly #log: Logger;
  #known = 0;
  #stopped = false;
  #again = false;
  #running: Promise<void> | undefined;
  #listener: pg.Client | undefined;
  #poll: NodeJS.Timeout | undefined;
  #reconnect: NodeJS.Timeout | undefined;
  #reconnectDelay: number;
  #retry: NodeJS.Timeout | undefined;
  #retryDelay = RETRY_FIRST_MS;
  #behind: OutboxBehindError | undefined;

  constructor(private readonly options: OutboxReaderOptions<TEvent>) {
    const schema = String(options.orm.config.get('schema') ?? 'public');
    if (!IDENTIFIER.test(schema) || !IDENTIFIER.test(options.channel)) throw new Error('outbox reader: unsafe schema or channel name');
    this.#table = `"${schema}"."${READER_POSITION_TABLE}"`;
    this.#batchSize = options.batchSize ?? 500;
    this.#reconnectDelay = options.reconnectDelayMs ?? 1_000;
    this.#log = options.logger.child({ outbox: options.source });
  }

  async start(): Promise<void> {
    const em = this.options.orm.em.fork();
    await em.execute(`insert into ${this.#table} (source, position) values (?, 0) on conflict (source) do nothing`, [this.options.source]);
    const [row] = await em.execute<{ position: string }[]>(`select position from ${this.#table} where source = ?`, [this.options.source]);
    this.#known = Number(row?.position ?? 0);
    await this.#checkHead(em, this.#known);
    await this.#listen();
    this.#poll = setInterval(() => this.#wake(), this.options.pollIntervalMs ?? 5_000);
    this.#poll.unref();
    this.#log.info({ position: this.#known, channel: this.options.channel }, 'outbox reader started');
    this.#wake();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#poll);
    clearTimeout(this.#reconnect);
    clearTimeout(this.#retry);
    const listener = this.#listener;
    this.#listener = undefined;
    await listener?.end().catch(() => undefined);
    // The batch in flight commits or rolls back before the ORM it uses is closed.
    await this.#running;
    this.#log.info({ position: this.#known }, 'outbox reader stopped');
  }

  async ready(): Promise<void> {
    if (this.#behind) throw this.#behind;
  }

  /** Refuses (and remembers, for `ready`) an outbox whose highest id is below `position`; one not there yet is checked on its first wake. */
  async #checkHead(em: EntityManager, position: number): Promise<void> {
    if (position === 0) return;
    let head: number;
    try {
      head = await this.options.head(em);
    } catch (error) {
      if ((error as { code?: string }).code === '42P01') return;
      throw error;
    }
    if (head >= position) return;
    this.#behind = new OutboxBehindError(this.options.source, head, position);
    this.#log.error({ head, position }, 'outbox is behind the reader position (restored or re-created?); refusing to read on');
    throw this.#behind;
  }

  /** Runs batches until caught up; a wake during a run asks for one more pass, so no NOTIFY is lost in between. */
  #wake(): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = this.#drain()
      .catch((error: unknown) => {
        // Retried by the next NOTIFY or poll, not at once. Only the error's name, code and message: a driver's `detail` can quote a row.
        this.#again = false;
        const { name, message, code } = error as { name?: string; message?: string; code?: string };
        // 42P01 undefined_table: the writing subgraph has not migrated yet (services start in any order); its first commit wakes us.
        if (code === '42P01') this.#log.warn({ error: { code, message } }, 'outbox not there yet; waiting for its subgraph');
        else if (error instanceof OutboxBehindError) return; // logged where found, on every wake, as an error
        else this.#log.error({ position: this.#known, error: { name, code, message } }, 'outbox batch failed; will retry');
      })
      .finally(() => {
        this.#running = undefined;
        if (this.#again) this.#wake();
      });
  }

  async #drain(): Promise<void> {
    let waiting: boolean;
    do {
      this.#again = false;
      let count: number;
      do {
        const batch = await this.#applyNextBatch();
        count = batch.count;
        waiting = batch.waiting;
        if (batch.position > this.#known) {
          this.#known = batch.position;
          this.#retryDelay = RETRY_FIRST_MS;
          await this.#advanced(batch.position);
        }
      } while (count >= this.#batchSize && !this.#stopped);
    } while (this.#again && !this.#stopped);
    if (waiting && !this.#stopped) this.#retrySoon();
  }

  /** Events exist that could not be read yet: look again soon, backing off up to the poll interval. */
  #retrySoon(): void {
    clearTimeout(this.#retry);
    const delay = this.#retryDelay;
    this.#retryDelay = Math.min(delay * 2, RETRY_MAX_MS, this.options.pollIntervalMs ?? 5_000);
    this.#retry = setTimeout(() => this.#wake(), delay);
    this.#retry.unref();
  }

  /** One transaction: lock the position, read the events after it, apply them, move the position past them. */
  async #applyNextBatch(): Promise<{ count: number; position: number; waiting: boolean }> {
    const { source, fetch, apply } = this.options;
    return this.options.orm.em.fork().transactional(async (em) => {
      // Another replica applying a batch holds this lock; once it commits, we read its new position here.
      const [row] = await em.execute<{ position: string }[]>(`select position from ${this.#table} where source = ? for update`, [source]);
      if (!row) throw new Error('outbox reader: position row missing');
      const after = Number(row.position);
      const events = await fetch(em, after, this.#batchSize);
      const first = events[0];
      const last = events[events.length - 1];
      if (!first || !last) {
        // Nothing new: also the moment to notice an outbox whose ids restarted below the position.
        await this.#checkHead(em, after);
        return { count: 0, position: after, waiting: (await this.options.pending?.(em, after)) ?? false };
      }
      // Applying out of order would move the position past events not yet applied: refuse the batch instead.
      const positionOf = this.options.positionOf ?? ((event: TEvent) => event.id);
      const positions = events.map(positionOf);
      const ascending = this.options.positionOf
        ? positions.every((position, i) => Number.isSafeInteger(position) && (i === 0 ? position > after : position >= (positions[i - 1] as number)))
        : positions.every((position, i) => Number.isSafeInteger(position) && position > (i === 0 ? after : (positions[i - 1] as number)));
      if (!ascending) throw new Error(`outbox reader: fetch must return safe-integer positions ascending after ${after}`);
      const position = positionOf(last);
      await apply(em, events);
      await em.execute(`update ${this.#table} set position = ?, updated_at = now() where source = ?`, [position, source]);
      this.#log.debug({ fromId: first.id, toId: last.id, position, count: events.length }, 'outbox batch applied');
      return { count: events.length, position, waiting: false };
    });
  }

  async #advanced(position: number): Promise<void> {
    try {
      await this.options.onAdvance?.(position);
    } catch (error) {
      this.#log.warn({ position, error: { name: (error as Error).name, message: (error as Error).message } }, 'outbox onAdvance failed');
    }
  }

  /** A dedicated connection for LISTEN (a pooled one would be handed to queries); reconnects with backoff when lost. */
  async #listen(): Promise<void> {
    const client = new pg.Client({
      connectionString: String(this.options.orm.config.get('clientUrl')),
      application_name: `outbox-reader:${this.options.source}`,
    });
    const lost = (reason: string) => {
      if (this.#listener !== client) return;
      this.#listener = undefined;
      client.end().catch(() => undefined);
      this.#log.warn({ reason, retryInMs: this.#reconnectDelay }, 'outbox listener lost its connection; reconnecting');
      this.#scheduleReconnect();
    };
    client.on('error', (error) => lost(error.message));
    client.on('end', () => lost('connection ended'));
    client.on('notification', (message) => {
      if (message.channel === this.options.channel) this.#wake();
    });
    try {
      await client.connect();
      await client.query(`listen "${this.options.channel}"`);
    } catch (error) {
      client.removeAllListeners();
      client.on('error', () => undefined);
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.#stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.#listener = client;
    this.#reconnectDelay = this.options.reconnectDelayMs ?? 1_000;
  }

  #scheduleReconnect(): void {
    if (this.#stopped) return;
    clearTimeout(this.#reconnect);
    this.#reconnect = setTimeout(() => {
      this.#listen().then(
        // Whatever was announced while we were not listening is still in the table.
        () => this.#wake(),
        (error: unknown) => {
          this.#reconnectDelay = Math.min(this.#reconnectDelay * 2, 30_000);
          this.#log.warn({ reason: (error as Error).message, retryInMs: this.#reconnectDelay }, 'outbox listener could not reconnect');
          this.#scheduleReconnect();
        },
      );
    }, this.#reconnectDelay);
    this.#reconnect.unref();
  }
}
