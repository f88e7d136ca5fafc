import type { EntityName } from '@mikro-orm/postgresql';
import type { EntityManager } from './db/orm.js';

/** Where a subgraph's outbox lives and whom its appends wake. */
export interface OutboxTarget<TRow extends object> {
  /** The outbox entity of the writing subgraph (its own schema: only the owner writes there). */
  entity: EntityName<TRow>;
  /** Channel NOTIFYed when an append commits; readers LISTEN on it (decision 0009). */
  channel: string;
}

/**
 * Appends events for other subgraphs in the caller's transaction and wakes the
 * readers (ARCHITECTURE "Data ownership"): NOTIFY is delivered only when the
 * transaction commits, so a rolled-back change announces nothing. The caller's
 * pending changes are flushed first and every event goes in one insert at the
 * end, so whatever ordering the table imposes on its appends (cards: an
 * advisory lock taken by a trigger, decision 0009; usage: the writing
 * transaction's id, decision 0015) holds only that insert and the commit.
 * `payload` is the NOTIFY payload: readers treat it as a hint, never as data.
 */
export async function appendAllToOutbox<TRow extends object>(
  em: EntityManager,
  target: OutboxTarget<TRow>,
  rows: readonly Partial<TRow>[],
  payload: string,
): Promise<void> {
  if (!rows.length) return;
  await em.flush();
  for (const row of rows) em.create(target.entity, row as never);
  await em.flush();
  await em.execute('select pg_notify(?, ?)', [target.channel, payload]);
}
