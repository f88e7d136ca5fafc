import type { EntityManager } from '../db/orm.js';

/**
 * Contract of `usage.outbox`, the table the usage subgraph publishes
 * read-only to the statistics subgraph (decision 0010 `PUBLISHED`): one row
 * per usage registration or cancellation, appended in the transaction of the
 * change (ARCHITECTURE "Data ownership"). Typed columns only, no card code and
 * nothing of the holder (R9, R27). The writer (usage) and every reader import
 * this file; usage's contract test holds the table to it.
 *
 * Ordering (decision 0015): no global lock. Each row stores the id of the
 * transaction that wrote it (`xid`, PostgreSQL `xid8`, `pg_current_xact_id()`).
 * A reader takes only rows whose transaction is older than every transaction
 * still running (`xid < pg_snapshot_xmin(pg_current_snapshot())`), so whatever
 * it reads is final and nothing can appear later below its cursor; it reads in
 * `(xid, id)` order and whole transactions per batch, so its position is the
 * last `xid` it applied.
 */
export const USAGE_OUTBOX = { schema: 'usage', table: 'outbox', channel: 'usage_outbox' } as const;

export const USAGE_OUTBOX_EVENT_TYPES = ['USAGE_REGISTERED', 'USAGE_CANCELLED'] as const;
export type UsageOutboxEventType = (typeof USAGE_OUTBOX_EVENT_TYPES)[number];

/** The table's columns a reader may select; the writer may add columns, never change or drop these. */
export const USAGE_OUTBOX_COLUMNS = [
  'id',
  'xid',
  'type',
  'usage_id',
  'event_id',
  'provider_id',
  'registering_organization_id',
  'registering_region_id',
  'event_date',
  'event_kind',
  'card_kind',
  'child_tickets',
  'group_id',
  'occurred_at',
  'card_id',
] as const;

/** One event as `fetchUsageOutbox` returns it. */
export interface UsageOutboxEvent {
  /** Append order within a transaction. */
  id: number;
  /** The writing transaction (`xid8`), as a number: the reader's position. */
  xid: number;
  type: UsageOutboxEventType;
  usageId: string;
  /** Null for an agency-report row with no kept event (R17). */
  eventId: string | null;
  providerId: string;
  /** Whose staff or partner system registered it; null when a region-scoped culture officer did. */
  registeringOrganizationId: string | null;
  /** The culture officer's region when one registered it (R17 reports on behalf of providers). */
  registeringRegionId: string | null;
  /** Finnish calendar day of the event (decision 0006). */
  eventDate: string;
  eventKind: 'PERFORMANCE' | 'COURSE' | 'DAY_TICKET';
  cardKind: 'PERSONAL' | 'COMMUNITY';
  /** R11: child tickets of the use; the one adult ticket is implicit. A cancellation repeats the registration's figures. */
  childTickets: number;
  /** R14: the group visit the use belongs to. */
  groupId: string | null;
  occurredAt: Date;
  /**
   * The card's id (cards.card_status), never its code: statistics counts distinct cards used with it (R25, R27).
   * Null only on rows written before the column existed.
   */
  cardId: string | null;
}

interface Row {
  id: string;
  xid: string;
  type: UsageOutboxEventType;
  usage_id: string;
  event_id: string | null;
  provider_id: string;
  registering_organization_id: string | null;
  registering_region_id: string | null;
  event_date: string;
  event_kind: UsageOutboxEvent['eventKind'];
  card_kind: UsageOutboxEvent['cardKind'];
  child_tickets: number;
  group_id: string | null;
  occurred_at: Date | string;
  card_id: string | null;
}

const TABLE = `"${USAGE_OUTBOX.schema}"."${USAGE_OUTBOX.table}"`;

/**
 * The events after the transaction `afterXid`, in `(xid, id)` order: at least `limit` when there are that many, and
 * always every event of the last transaction returned, so a position of one `xid` never splits a transaction.
 * Only transactions older than every running one are read (decision 0015); run it inside the reader's transaction.
 */
export async function fetchUsageOutbox(em: EntityManager, afterXid: number, limit: number): Promise<UsageOutboxEvent[]> {
  const after = String(Math.trunc(afterXid));
  const rows = await em.execute<Row[]>(
    `with horizon as (select pg_snapshot_xmin(pg_current_snapshot()) as xmin),
          bound as (select o.xid from ${TABLE} o, horizon h where o.xid > ?::text::xid8 and o.xid < h.xmin order by o.xid, o.id offset ? limit 1)
     select o.id, o.xid::text as xid, o.type, o.usage_id, o.event_id, o.provider_id, o.registering_organization_id, o.registering_region_id,
            o.event_date::text as event_date, o.event_kind, o.card_kind, o.child_tickets, o.group_id, o.occurred_at, o.card_id
       from ${TABLE} o, horizon h
      where o.xid > ?::text::xid8 and o.xid < h.xmin and (not exists (select 1 from bound) or o.xid <= (select xid from bound))
      order by o.xid, o.id`,
    [after, Math.max(limit, 1) - 1, after],
  );
  return rows.map((row) => ({
    id: Number(row.id),
    xid: Number(row.xid),
    type: row.type,
    usageId: row.usage_id,
    eventId: row.event_id,
    providerId: row.provider_id,
    registeringOrganizationId: row.registering_organization_id,
    registeringRegionId: row.registering_region_id,
    eventDate: row.event_date,
    eventKind: row.event_kind,
    cardKind: row.card_kind,
    childTickets: Number(row.child_tickets),
    groupId: row.group_id,
    occurredAt: new Date(row.occurred_at),
    cardId: row.card_id,
  }));
}

/** The highest `xid` in the outbox (0 when empty), for the reader's check that the outbox is not behind its position (L4). */
/**
 * Whether committed events after `afterXid` exist that `fetchUsageOutbox` cannot return yet because an older
 * transaction anywhere in the cluster is still open (their xid is not below the snapshot's xmin).
 */
export async function usageOutboxPending(em: EntityManager, afterXid: number): Promise<boolean> {
  const [row] = await em.execute<{ pending: boolean }[]>(`select exists (select 1 from ${TABLE} where xid > ?::text::xid8) as pending`, [String(Math.trunc(afterXid))]);
  return row?.pending === true;
}

export async function usageOutboxHead(em: EntityManager): Promise<number> {
  const [row] = await em.execute<{ head: string | null }[]>(`select max(xid)::text as head from ${TABLE}`);
  return Number(row?.head ?? 0);
}
