import type { EntityManager } from '../db/orm.js';

/**
 * Contract of `cards.outbox`, the table the cards subgraph publishes read-only
 * to the statistics subgraph (decisions 0009, 0010 `PUBLISHED`): one row per
 * card change, appended in the change's transaction and ordered by `id` (an
 * advisory lock taken by a trigger). Typed columns only. A REGISTERED row of a
 * personal card carries the holder's background as **bands** for the R25
 * distributions — a birth-year decade, a two-digit postal area, a number of
 * children capped at 3_OR_MORE — never a birth year, postal code or free text (R9,
 * R27); every other row has them null. The writer (cards) and every reader
 * import this file; cards' contract test holds the table to it.
 */
export const CARDS_OUTBOX = { schema: 'cards', table: 'outbox', channel: 'cards_outbox' } as const;

export const CARDS_OUTBOX_EVENT_TYPES = ['REGISTERED', 'EXTENDED', 'ENDED', 'TAKEN_OUT_OF_USE'] as const;
export type CardsOutboxEventType = (typeof CARDS_OUTBOX_EVENT_TYPES)[number];

/** The columns a reader may select; the writer may add columns, never change or drop these. */
export const CARDS_OUTBOX_COLUMNS = [
  'id',
  'type',
  'card_id',
  'card_kind',
  'distributor_id',
  'region_id',
  'effective_on',
  'valid_until',
  'birth_decade',
  'mother_tongue',
  'gender',
  'postal_area',
  'life_situations',
  'children_band',
] as const;

/** R8 bands (R27): what of a holder's background may leave cards, and only on REGISTERED rows. */
export interface CardsOutboxBackground {
  /** First year of the birth-year decade (1950 = born 1950–1959); never the birth year. */
  birthDecade: number;
  /** cards' MotherTongue enum value. */
  motherTongue: string;
  /** cards' Gender enum value. */
  gender: string;
  /** The first two digits of the postal code. */
  postalArea: string;
  /** cards' LifeSituation enum values, one or more. */
  lifeSituations: string[];
  /** The number of minor children or grandchildren: '0', '1', '2' or '3_OR_MORE'. */
  childrenBand: ChildrenBand;
}

export const CHILDREN_BANDS = ['0', '1', '2', '3_OR_MORE'] as const;
export type ChildrenBand = (typeof CHILDREN_BANDS)[number];

/** The bands of a holder's background (R9: the writer passes only these on; the raw values stay in cards). */
export function backgroundBands(background: { birthYear: number; postalCode: string; minorChildren: number; motherTongue: string; gender: string; lifeSituations: readonly string[] }): CardsOutboxBackground {
  return {
    birthDecade: Math.floor(background.birthYear / 10) * 10,
    motherTongue: background.motherTongue,
    gender: background.gender,
    postalArea: background.postalCode.slice(0, 2),
    lifeSituations: [...background.lifeSituations],
    childrenBand: background.minorChildren >= 3 ? '3_OR_MORE' : (String(background.minorChildren) as ChildrenBand),
  };
}

/** One event as `fetchCardsOutbox` returns it. */
export interface CardsOutboxEvent {
  id: number;
  type: CardsOutboxEventType;
  cardId: string;
  cardKind: 'PERSONAL' | 'COMMUNITY';
  distributorId: string;
  regionId: string | null;
  /** The change's Finnish calendar day: grant, renewal or closing day (decision 0006). */
  effectiveOn: string;
  /** The card's last valid day after the change. */
  validUntil: string;
  /** Bands of a personal card's background, on REGISTERED rows only. */
  background: CardsOutboxBackground | null;
}

interface Row {
  id: string;
  type: CardsOutboxEventType;
  card_id: string;
  card_kind: CardsOutboxEvent['cardKind'];
  distributor_id: string;
  region_id: string | null;
  effective_on: string;
  valid_until: string;
  birth_decade: number | null;
  mother_tongue: string | null;
  gender: string | null;
  postal_area: string | null;
  life_situations: string[] | string | null;
  children_band: ChildrenBand | null;
}

const TABLE = `"${CARDS_OUTBOX.schema}"."${CARDS_OUTBOX.table}"`;

function arrayOf(value: string[] | string | null): string[] {
  if (Array.isArray(value)) return value;
  if (!value) return [];
  return value.replace(/^\{|\}$/g, '').split(',').filter(Boolean);
}

/** Events with `id > afterId`, ascending, at most `limit`; dates as text (no time zone in between). Run it in the reader's transaction. */
export async function fetchCardsOutbox(em: EntityManager, afterId: number, limit: number): Promise<CardsOutboxEvent[]> {
  // Ordered by the bigint column, not a text alias (which would sort 10 before 9).
  const rows = await em.execute<Row[]>(
    `select o.id::text as id, o.type, o.card_id, o.card_kind, o.distributor_id, o.region_id, o.effective_on::text as effective_on,
            o.valid_until::text as valid_until, o.birth_decade, o.mother_tongue, o.gender, o.postal_area, o.life_situations::text[] as life_situations, o.children_band
       from ${TABLE} o where o.id > ? order by o.id limit ?`,
    [afterId, limit],
  );
  return rows.map((row) => ({
    id: Number(row.id),
    type: row.type,
    cardId: row.card_id,
    cardKind: row.card_kind,
    distributorId: row.distributor_id,
    regionId: row.region_id,
    effectiveOn: row.effective_on,
    validUntil: row.valid_until,
    background:
      row.birth_decade === null || row.children_band === null
        ? null
        : {
            birthDecade: Number(row.birth_decade),
            motherTongue: row.mother_tongue ?? 'NOT_TOLD',
            gender: row.gender ?? 'NOT_TOLD',
            postalArea: row.postal_area ?? '',
            lifeSituations: arrayOf(row.life_situations),
            childrenBand: row.children_band,
          },
  }));
}

/** The highest id in the outbox, 0 when empty (the reader's check for a restarted sequence, L4). */
export async function cardsOutboxHead(em: EntityManager): Promise<number> {
  const [row] = await em.execute<{ head: string }[]>(`select coalesce(max(o.id), 0)::text as head from ${TABLE} o`);
  return Number(row?.head ?? 0);
}
