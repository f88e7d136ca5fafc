import type { EntityManager } from '@kaikukanta/kit';
import type { Card } from '../card/card.entity.js';
import type { HistoryKind } from '../card/card.model.js';
import { OUTBOX_CHANNEL, OutboxEntity } from './outbox.entity.js';

/**
 * Appends an event for other subgraphs in the caller's transaction and wakes
 * the readers: NOTIFY is delivered only when the transaction commits, so a
 * rolled-back change announces nothing.
 */
export async function appendToOutbox(em: EntityManager, card: Card, type: HistoryKind, effectiveOn: string): Promise<void> {
  em.create(OutboxEntity, {
    type,
    cardId: card.id,
    cardKind: card.kind,
    distributorId: card.distributorId,
    regionId: card.regionId ?? null,
    effectiveOn,
    validUntil: card.validUntil,
  });
  await em.getConnection().execute('select pg_notify(?, ?)', [OUTBOX_CHANNEL, type], 'all', em.getTransactionContext());
}
