/**
 * Contract of `cards.card_status`, the read-only view the cards subgraph
 * publishes to the usage subgraph (ARCHITECTURE "Data ownership", decision
 * 0010 `PUBLISHED`). Usage reads it inside its registration transaction, so a
 * card ended a moment ago is refused (R3, R13). It carries what a venue may
 * know (R29) and nothing of the holder. The cards subgraph owns the view; this
 * file is what both sides agree on, and cards' contract test holds the view to it.
 */
export const CARDS_STATUS_VIEW = { schema: 'cards', view: 'card_status' } as const;

/** The view's columns, in order. */
export const CARDS_STATUS_VIEW_COLUMNS = ['code', 'kind', 'state', 'granted_on', 'valid_until', 'closed_on', 'child_ticket_limit', 'card_id'] as const;

export type CardStatusKind = 'PERSONAL' | 'COMMUNITY';
export type CardStatusState = 'ACTIVE' | 'ENDED' | 'OUT_OF_USE';

/** One row as the driver returns it: dates as `YYYY-MM-DD` (PostgreSQL `date`, Finnish calendar days, decision 0006). */
export interface CardStatusViewRow {
  /** Normalised code (R2): ASCII letters and digits, upper case. */
  code: string;
  kind: CardStatusKind;
  state: CardStatusState;
  granted_on: string;
  /** The last day of the validity period (R5); kept when the card is ended or taken out of use. */
  valid_until: string;
  /** From this day the card cannot be used (R6); null while the card is active. */
  closed_on: string | null;
  /** R11b: child tickets one use may carry. */
  child_ticket_limit: number;
  /** The card's id: for usage's outbox only (statistics counts distinct cards by it, R25, R27); never to venues (R29). */
  card_id: string;
}

/**
 * The card's id for a code (appended last, so the other columns keep their places): usage's outbox carries it so
 * statistics counts distinct cards used without ever seeing a code (R25, R27). Not for venues (R29).
 */
export function selectCardIdsByCodes(count: number): string {
  const placeholders = Array.from({ length: Math.max(count, 1) }, () => '?').join(', ');
  return `select code, card_id from "${CARDS_STATUS_VIEW.schema}"."${CARDS_STATUS_VIEW.view}" where code in (${placeholders})`;
}

/** Why a registered card cannot be used on a day, in the order decision 0006 evaluates them. */
export type CardDayProblem = 'NOT_YET_VALID' | 'ENDED' | 'OUT_OF_USE' | 'EXPIRED';

/**
 * Decision 0006: a card is usable on `day` when `granted_on ≤ day ≤ valid_until` and
 * (`closed_on` is null or `day < closed_on`). Reasons in the decision's order: not yet valid,
 * out of use / ended, expired. The same rule as cards' `statusOn`, on the view's row.
 */
export function cardProblemOn(row: Pick<CardStatusViewRow, 'state' | 'granted_on' | 'valid_until' | 'closed_on'>, day: string): CardDayProblem | null {
  if (day < row.granted_on) return 'NOT_YET_VALID';
  if (row.closed_on && day >= row.closed_on) return row.state === 'OUT_OF_USE' ? 'OUT_OF_USE' : 'ENDED';
  if (day > row.valid_until) return 'EXPIRED';
  return null;
}

/**
 * Selects the view's rows for `count` normalised codes (one `?` each). Dates come back as text, never as JS Dates.
 * With the card's id, so a registration reads each card's row once in its transaction (rules and outbox alike).
 */
export function selectCardStatusByCodes(count: number): string {
  const placeholders = Array.from({ length: Math.max(count, 1) }, () => '?').join(', ');
  return `select code, kind, state, granted_on::text as granted_on, valid_until::text as valid_until, closed_on::text as closed_on, child_ticket_limit, card_id
    from "${CARDS_STATUS_VIEW.schema}"."${CARDS_STATUS_VIEW.view}" where code in (${placeholders})`;
}
