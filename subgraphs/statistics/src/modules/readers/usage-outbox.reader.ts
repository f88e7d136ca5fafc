import { fetchUsageOutbox, startOutboxReader, USAGE_OUTBOX, usageOutboxHead, usageOutboxPending, type EntityManager, type Logger, type MikroORM, type OutboxReaderHandle, type UsageOutboxEvent } from '@kaikukanta/kit';
import { LiveUsageRepository } from '../live/live-usage.repository.js';
import type { LiveUsageFeed } from '../live/live-usage.feed.js';
import { applyUsageFigures } from '../figures/usage-figures.apply.js';
import { NationalCounterRepository } from '../summary/national-counter.repository.js';
import type { NationalSummaryPublisher } from '../summary/summary.publisher.js';

/**
 * What usage events change here, in the transaction that moves the reader's position: the national number of
 * uses (R24, R25) — one per registration, one less per cancellation. Distinct cards used needs a card key the
 * outbox does not carry yet.
 */
export async function applyUsageEvents(em: EntityManager, events: UsageOutboxEvent[]): Promise<void> {
  const delta = events.reduce((sum, event) => sum + (event.type === 'USAGE_REGISTERED' ? 1 : -1), 0);
  if (delta !== 0) await new NationalCounterRepository(em).addUses(delta);
  await applyUsageFigures(em, events);
  // The live log (decision 0016): in this transaction, so a use is told live exactly when it is counted.
  await new LiveUsageRepository(em).append(events);
}

/**
 * Events per reader transaction. `fetch` returns whole writing transactions, so a batch is this many events plus
 * the rest of the last transaction: a sales-report import commits 1 000 rows a transaction (decision 0018), so a
 * 100 000-event burst is applied about one import batch at a time, not in a few huge ones.
 */
export const USAGE_READER_BATCH = 200;

export interface UsageReaderOptions {
  publisher: NationalSummaryPublisher;
  /** Tells live subscribers of the uses each batch appended (decision 0016). */
  liveUsage?: LiveUsageFeed;
  pollIntervalMs: number;
}

/**
 * Starts reading `usage.outbox` (contract: kit/src/contracts/usage-outbox.ts). Ordered by writing transaction
 * (decision 0015): the position is the last transaction's id, batches hold whole transactions.
 */
export function startUsageOutboxReader(orm: MikroORM, logger: Logger, options: UsageReaderOptions): Promise<OutboxReaderHandle> {
  return startOutboxReader<UsageOutboxEvent>({
    orm,
    logger,
    source: 'usage',
    channel: USAGE_OUTBOX.channel,
    fetch: fetchUsageOutbox,
    head: usageOutboxHead,
    pending: usageOutboxPending,
    positionOf: (event) => event.xid,
    apply: applyUsageEvents,
    onAdvance: async () => {
      await options.publisher.publish();
      await options.liveUsage?.publish();
    },
    pollIntervalMs: options.pollIntervalMs,
    batchSize: USAGE_READER_BATCH,
  });
}
