import type { EntityManager, UsageOutboxEvent } from '@kaikukanta/kit';
import type { LiveScope } from './live-usage.access.js';

/** How long a use stays resumable; a client away longer reads the figures again instead of resuming (decision 0016). */
export const LIVE_USAGE_RETENTION_HOURS = 24;

/** One row of `statistics.live_usage`: a registration or cancellation as the live channel tells it. No card, nothing of the holder (R9). */
export interface LiveUsageRow {
  sequence: number;
  change: 'REGISTERED' | 'CANCELLED';
  usageId: string;
  providerId: string;
  /** Null once usage records registrations made by a culture officer for the region. */
  registeringOrganizationId: string | null;
  eventId: string | null;
  eventDate: string;
  eventKind: UsageOutboxEvent['eventKind'];
  cardKind: UsageOutboxEvent['cardKind'];
  childTickets: number;
  occurredAt: Date;
}

interface Row {
  sequence: string;
  change: LiveUsageRow['change'];
  usage_id: string;
  provider_id: string;
  registering_organization_id: string | null;
  event_id: string | null;
  event_date: string;
  event_kind: LiveUsageRow['eventKind'];
  card_kind: LiveUsageRow['cardKind'];
  child_tickets: number;
  occurred_at: Date | string;
}

const TABLE = '"statistics"."live_usage"';
const COLUMNS = `sequence::text as sequence, change, usage_id, provider_id, registering_organization_id, event_id, event_date::text as event_date,
  event_kind, card_kind, child_tickets, occurred_at`;

/** The scope as SQL: every row, or the rows of one organisation as provider or as registrar. */
function scopeSql(scope: LiveScope, providerId: string | undefined): { where: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (scope.kind === 'organization') {
    parts.push('(provider_id = ? or registering_organization_id = ?)');
    params.push(scope.organizationId, scope.organizationId);
  }
  if (providerId) {
    parts.push('provider_id = ?');
    params.push(providerId);
  }
  return { where: parts.length ? ` and ${parts.join(' and ')}` : '', params };
}

/** The live log of uses: appended by the usage reader, read by the live publisher and by resuming subscribers. */
export class LiveUsageRepository {
  constructor(private readonly em: EntityManager) {}

  /** Appends in outbox order, in the caller's (the reader's) transaction: sequences follow commit order. */
  async append(events: UsageOutboxEvent[]): Promise<void> {
    if (events.length === 0) return;
    const values = events.map(() => '(?, ?, ?, ?, ?, ?::date, ?, ?, ?, ?)').join(', ');
    const params = events.flatMap((e) => [
      e.type === 'USAGE_REGISTERED' ? 'REGISTERED' : 'CANCELLED',
      e.usageId,
      e.providerId,
      e.registeringOrganizationId,
      e.eventId,
      e.eventDate,
      e.eventKind,
      e.cardKind,
      e.childTickets,
      e.occurredAt,
    ]);
    await this.em.execute(
      `insert into ${TABLE} (change, usage_id, provider_id, registering_organization_id, event_id, event_date, event_kind, card_kind, child_tickets, occurred_at) values ${values}`,
      params,
    );
  }

  /** Rows after `sequence` in order, at most `limit`, within `scope` (and of one provider when given). */
  async after(sequence: number, limit: number, scope: LiveScope = { kind: 'all' }, providerId?: string): Promise<LiveUsageRow[]> {
    const { where, params } = scopeSql(scope, providerId);
    const rows = await this.em.execute<Row[]>(`select ${COLUMNS} from ${TABLE} where sequence > ?${where} order by sequence limit ?`, [sequence, ...params, limit]);
    return rows.map(toRow);
  }

  async bySequence(sequence: number): Promise<LiveUsageRow | null> {
    const [row] = await this.em.execute<Row[]>(`select ${COLUMNS} from ${TABLE} where sequence = ?`, [sequence]);
    return row ? toRow(row) : null;
  }

  /** The last sequence assigned (0 before the first use). */
  async head(): Promise<number> {
    const [row] = await this.em.execute<{ head: string | null }[]>(`select max(sequence)::text as head from ${TABLE}`);
    return Number(row?.head ?? 0);
  }

  /** The first sequence still kept, or null when the log is empty. */
  async oldest(): Promise<number | null> {
    const [row] = await this.em.execute<{ oldest: string | null }[]>(`select min(sequence)::text as oldest from ${TABLE}`);
    return row?.oldest ? Number(row.oldest) : null;
  }

  /** Drops rows older than the retention; resuming from before them is refused (RESUME_UNAVAILABLE). */
  async prune(): Promise<void> {
    await this.em.execute(`delete from ${TABLE} where recorded_at < now() - make_interval(hours => ?)`, [LIVE_USAGE_RETENTION_HOURS]);
  }
}

function toRow(row: Row): LiveUsageRow {
  return {
    sequence: Number(row.sequence),
    change: row.change,
    usageId: row.usage_id,
    providerId: row.provider_id,
    registeringOrganizationId: row.registering_organization_id,
    eventId: row.event_id,
    eventDate: row.event_date,
    eventKind: row.event_kind,
    cardKind: row.card_kind,
    childTickets: Number(row.child_tickets),
    occurredAt: new Date(row.occurred_at),
  };
}
