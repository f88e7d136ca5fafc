import { appendAllToOutbox as appendRows, type EntityManager } from '@kaikukanta/kit';
import { backgroundBands, type CardsOutboxBackground } from '@kaikukanta/kit/contracts';
import type { Card } from '../card/card.entity.js';
import type { HistoryKind } from '../card/card.model.js';
import { OUTBOX_CHANNEL, OutboxEntity, type Outbox } from './outbox.entity.js';

export { OUTBOX_LOCK_KEY } from './outbox.entity.js';

/** One event to append: the card as it is after the change. */
export interface OutboxAppend {
  card: Card;
  type: HistoryKind;
  effectiveOn: string;
  /** R25: the holder's background at registration, of which only bands go out (R9, R27). */
  background?: Parameters<typeof backgroundBands>[0] | null;
}

// The contract types the bands as strings; the entity's checks hold them to cards' closed lists.
type Bands = Pick<Outbox, keyof CardsOutboxBackground>;
const NO_BANDS: Bands = { birthDecade: null, motherTongue: null, gender: null, postalArea: null, lifeSituations: null, childrenBand: null };

function bandsOf(event: OutboxAppend): Bands {
  return event.type === 'REGISTERED' && event.background ? (backgroundBands(event.background) as Bands) : NO_BANDS;
}

/**
 * Appends events for other subgraphs in the caller's transaction and wakes
 * the readers: NOTIFY is delivered only when the transaction commits, so a
 * rolled-back change announces nothing.
 *
 * Readers remember the last id they applied and ask for `id > last`. A
 * bigserial id is drawn at insert time but becomes visible only at commit, so
 * two concurrent appends could commit in the opposite order of their ids: a
 * reader would then see id 11, move its position past it, and never read id
 * 10 when that commits a moment later. The table's statement-level BEFORE
 * INSERT trigger therefore takes the advisory lock before the insert draws
 * its ids, and PostgreSQL holds it until the commit is visible, so ids are
 * drawn and committed in the same order — for every writer, not only this
 * function (decision 0009, L4).
 *
 * The caller's pending changes are flushed first and all events go in one
 * insert at the end, so the serialised section holds only that insert and the
 * commit, and no transaction waits for the lock while holding row locks or
 * unique-index entries someone inside it might need. A caller changing many
 * cards (ending an organisation's community cards) makes all its changes
 * first and appends once.
 */
export async function appendAllToOutbox(em: EntityManager, events: readonly OutboxAppend[]): Promise<void> {
  // The kit's writer (P2): flush the caller's changes, one insert, NOTIFY delivered at commit.
  await appendRows(
    em,
    { entity: OutboxEntity, channel: OUTBOX_CHANNEL },
    events.map((event) => ({
      ...bandsOf(event),
      type: event.type,
      cardId: event.card.id,
      cardKind: event.card.kind,
      distributorId: event.card.distributorId,
      regionId: event.card.regionId ?? null,
      effectiveOn: event.effectiveOn,
      validUntil: event.card.validUntil,
    })),
    events.length === 1 ? (events[0] as OutboxAppend).type : 'BATCH',
  );
}

/** Appends one event; see appendAllToOutbox. */
export function appendToOutbox(em: EntityManager, card: Card, type: HistoryKind, effectiveOn: string): Promise<void> {
  return appendAllToOutbox(em, [{ card, type, effectiveOn }]);
}
