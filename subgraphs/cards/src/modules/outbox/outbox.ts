import type { EntityManager } from '@kaikukanta/kit';
import type { Card } from '../card/card.entity.js';
import type { HistoryKind } from '../card/card.model.js';
import { OUTBOX_CHANNEL, OutboxEntity } from './outbox.entity.js';

/**
 * Transaction-level advisory lock that orders every append to `cards.outbox`.
 * The value is arbitrary but reserved for this table: another outbox takes its own key.
 */
const OUTBOX_LOCK_KEY = 7_202_611_220_001;

/**
 * Appends an event for other subgraphs in the caller's transaction and wakes
 * the readers: NOTIFY is delivered only when the transaction commits, so a
 * rolled-back change announces nothing.
 *
 * Readers remember the last id they applied and ask for `id > last`. A
 * bigserial id is drawn at insert time but becomes visible only at commit, so
 * two concurrent appends could commit in the opposite order of their ids: a
 * reader would then see id 11, move its position past it, and never read id
 * 10 when that commits a moment later. The advisory lock below is taken right
 * before the insert draws its id and held until commit (PostgreSQL releases
 * transaction locks only after the commit is visible), so ids are drawn and
 * committed in the same order: whatever a reader sees, every smaller id is
 * already visible or rolled back for good.
 *
 * The caller's pending changes are flushed first, so the serialised section
 * holds only this insert and the commit, and no transaction waits for the
 * lock while holding row locks or unique-index entries someone inside it might
 * need (no deadlock with a concurrent registration of the same code). Several
 * appends in one transaction take the lock once; it is re-entrant.
 */
export async function appendToOutbox(em: EntityManager, card: Card, type: HistoryKind, effectiveOn: string): Promise<void> {
  await em.flush();
  await em.execute('select pg_advisory_xact_lock(?)', [OUTBOX_LOCK_KEY]);
  em.create(OutboxEntity, {
    type,
    cardId: card.id,
    cardKind: card.kind,
    distributorId: card.distributorId,
    regionId: card.regionId ?? null,
    effectiveOn,
    validUntil: card.validUntil,
  });
  await em.flush();
  await em.execute('select pg_notify(?, ?)', [OUTBOX_CHANNEL, type]);
}
