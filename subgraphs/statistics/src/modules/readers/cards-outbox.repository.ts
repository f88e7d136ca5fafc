import type { EntityManager } from '@kaikukanta/kit';

/** The channel the cards subgraph NOTIFYs when an outbox append commits (cards: outbox.entity.ts). */
export const CARDS_OUTBOX_CHANNEL = 'cards_outbox';

export type CardsEventType = 'REGISTERED' | 'EXTENDED' | 'ENDED' | 'TAKEN_OUT_OF_USE';

/** One event of `cards.outbox`: ids, kinds and dates only; the cards subgraph lets nothing else ride along (R9, R27). */
export interface CardsEvent {
  id: number;
  type: CardsEventType;
  cardId: string;
  cardKind: 'PERSONAL' | 'COMMUNITY';
  distributorId: string;
  regionId: string | null;
  effectiveOn: string;
  validUntil: string;
}

interface CardsEventRow extends Omit<CardsEvent, 'id'> {
  id: string;
}

/**
 * Reads the cards subgraph's outbox: the one table of another schema this
 * subgraph reads, read-only and in the transaction that applies what it reads
 * (ARCHITECTURE "Data ownership"; decision 0009).
 */
export class CardsOutboxRepository {
  constructor(private readonly em: EntityManager) {}

  /** Events after `afterId`, oldest first. Dates as text: a `date` must not pass through a time zone. */
  async after(afterId: number, limit: number): Promise<CardsEvent[]> {
    // Ordered by the bigint column, not the text alias `id` (which would sort 10 before 9).
    const rows = await this.em.execute<CardsEventRow[]>(
      `select o.id::text as id, o.type, o.card_id as "cardId", o.card_kind as "cardKind", o.distributor_id as "distributorId", o.region_id as "regionId",
              o.effective_on::text as "effectiveOn", o.valid_until::text as "validUntil"
         from "cards"."outbox" o where o.id > ? order by o.id limit ?`,
      [afterId, limit],
    );
    return rows.map((row) => ({ ...row, id: Number(row.id) }));
  }

  /** The highest id in the outbox, 0 when empty (the reader's check for a restarted sequence, L4). */
  async head(): Promise<number> {
    const [row] = await this.em.execute<{ head: string }[]>('select coalesce(max(o.id), 0)::text as head from "cards"."outbox" o');
    return Number(row?.head ?? 0);
  }
}
