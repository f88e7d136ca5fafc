import { bound, CARDS_STATUS_VIEW, textArray, type CardStatusViewRow, type EntityManager } from '@kaikukanta/kit';
import { EVENT_COLUMNS, eventRowOf, statusesByCode, type EventDbRow, type EventRow } from '../usage/usage.repository.js';
import type { RowOutcome } from './import.model.js';
import type { PreparedRow, RowProblemRef } from './import-rows.js';

/** A row's outcome as written after judging. */
export interface RowVerdict {
  line: number;
  outcome: RowOutcome;
  problems: RowProblemRef[];
  eventId: string | null;
  usageId: string | null;
}


const ROW_COLUMNS = `line, card_code, event_name, event_date_text, event_time_text, child_tickets_text, event_reference, order_reference, row_key,
  row_hash, to_char(event_date, 'YYYY-MM-DD') as event_date, event_time, readable, event_id, preview_outcome, outcome, problems, child_tickets, usage_id`;
/** Rows per statement when writing an import's rows (one jsonb parameter each). */
const WRITE_CHUNK = 5_000;

/** Set-based queries of the import: one statement per batch of rows, never one per row. */
export class ImportRepository {
  constructor(private readonly em: EntityManager) {}

  /** The provider's kept events between two Finnish days, for matching rows by name and date. */
  async providerEvents(providerId: string, from: Date, until: Date): Promise<{ id: string; name: string; startsAt: Date }[]> {
    const rows = await this.em.execute<{ id: string; name: string; starts_at: Date }[]>(
      'select id, name, starts_at from usage.event where provider_id = ? and starts_at >= ? and starts_at < ?',
      [providerId, from, until],
    );
    return rows.map((row) => ({ id: row.id, name: row.name, startsAt: new Date(row.starts_at) }));
  }

  /** Events by id; `lock` takes their rows in id order (R21: the batch's cap counts are then exact, and batches never deadlock). */
  async events(ids: readonly string[], lock: boolean): Promise<Map<string, EventRow>> {
    if (!ids.length) return new Map();
    const rows = await this.em.execute<EventDbRow[]>(`select ${EVENT_COLUMNS} from usage.event where id = any(?::uuid[]) order by id${lock ? ' for update' : ''}`, [`{${ids.join(',')}}`]);
    return new Map(rows.map((row) => [row.id, eventRowOf(row)]));
  }

  /**
   * R3, R13: the status rows of a batch's cards from the view cards publishes — `UsageRepository.cardStatuses` with
   * the codes as one array parameter (a 1 000-code `in (…)` list cost more to format and plan than to run).
   */
  async cardStatuses(codes: readonly string[]): Promise<Map<string, CardStatusViewRow>> {
    if (!codes.length) return new Map();
    const rows = await bound<CardStatusViewRow[]>(this.em, 
      `select code, kind, state, granted_on::text as granted_on, valid_until::text as valid_until, closed_on::text as closed_on, child_ticket_limit, card_id
         from "${CARDS_STATUS_VIEW.schema}"."${CARDS_STATUS_VIEW.view}" where code = any(?::text[])`,
      [textArray(codes)],
    );
    return statusesByCode(rows);
  }

  /** Keys already claimed under `owner`, with the content hash each was claimed for. */
  async existingKeys(owner: string, keys: readonly string[]): Promise<Map<string, string>> {
    if (!keys.length) return new Map();
    const rows = await bound<{ key: string; request_hash: string }[]>(this.em, 
      'select key, request_hash from usage.idempotency_key where organization_id = ? and key = any(?::text[])',
      [owner, textArray(keys)],
    );
    return new Map(rows.map((row) => [row.key, row.request_hash]));
  }

  /**
   * Claims the keys in one statement, in key order: a concurrent import of the same rows waits on the first key it
   * shares and then finds it claimed (or free again after a rollback); two batches taking keys in one order never
   * deadlock. Returns the keys claimed by this transaction.
   */
  async claimKeys(owner: string, claims: readonly { key: string; hash: string; usageId: string }[]): Promise<Set<string>> {
    if (!claims.length) return new Set();
    const sorted = [...claims].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const rows = await bound<{ key: string }[]>(this.em, 
      `insert into usage.idempotency_key (organization_id, key, operation, request_hash, usage_ids, group_id, created_at)
       select ?::uuid, c.key, 'REGISTER', c.hash, array[c.usage_id::uuid], null, now()
         from jsonb_to_recordset(?::jsonb) as c(key text, hash text, usage_id text, n int)
        order by c.n
       on conflict (organization_id, key) do nothing returning key`,
      [owner, JSON.stringify(sorted.map((c, n) => ({ key: c.key, hash: c.hash, usage_id: c.usageId, n })))],
    );
    return new Set(rows.map((row) => row.key));
  }

  /** Keys of refused rows, released in the transaction that claimed them (as a refused registration leaves none). */
  async releaseKeys(owner: string, keys: readonly string[]): Promise<void> {
    if (!keys.length) return;
    await bound(this.em, 'delete from usage.idempotency_key where organization_id = ? and key = any(?::text[])', [owner, textArray(keys)]);
  }

  /**
   * R21 for a whole batch: `n` places of each event in one conditional update (`used + n <= cap`, never a count then
   * a write), the event rows already locked by this transaction in id order. Returns the events whose places could
   * not be taken (the caller rolls the batch back).
   */
  async takePlacesOf(perEvent: ReadonlyMap<string, number>): Promise<string[]> {
    if (!perEvent.size) return [];
    const wanted = [...perEvent].map(([id, n]) => ({ id, n }));
    const rows = await this.em.execute<{ id: string }[]>(
      `update usage.event e set used = e.used + v.n
         from jsonb_to_recordset(?::jsonb) as v(id uuid, n int)
        where e.id = v.id and (e.cap is null or e.used + v.n <= e.cap)
        returning e.id`,
      [JSON.stringify(wanted)],
    );
    const taken = new Set(rows.map((row) => row.id));
    return wanted.flatMap(({ id }) => (taken.has(id) ? [] : [id]));
  }

  async insertRows(importId: string, rows: readonly PreparedRow[], verdicts: ReadonlyMap<number, RowVerdict>): Promise<void> {
    for (let start = 0; start < rows.length; start += WRITE_CHUNK) {
      const chunk = rows.slice(start, start + WRITE_CHUNK).map((row) => {
        const verdict = verdicts.get(row.line);
        return {
          line: row.line,
          card_code: row.cells.cardCode,
          event_name: row.cells.eventName,
          event_date_text: row.cells.eventDate,
          event_time_text: row.cells.eventTime,
          child_tickets_text: row.cells.childTickets,
          event_reference: row.cells.eventReference,
          order_reference: row.cells.orderReference,
          row_key: row.key,
          row_hash: row.hash,
          event_date: row.eventDate,
          event_time: row.eventTime,
          readable: row.problems.length === 0,
          event_id: verdict?.eventId ?? null,
          outcome: verdict?.outcome ?? 'REFUSED',
          problems: verdict?.problems ?? [],
          child_tickets: row.childTickets,
        };
      });
      await bound(this.em, 
        `insert into usage.usage_import_row (usage_import_id, line, card_code, event_name, event_date_text, event_time_text, child_tickets_text,
                event_reference, order_reference, row_key, row_hash, event_date, event_time, readable, event_id, preview_outcome, outcome, problems, child_tickets)
         select ?::uuid, r.line, r.card_code, r.event_name, r.event_date_text, r.event_time_text, r.child_tickets_text, r.event_reference,
                r.order_reference, r.row_key, r.row_hash, r.event_date, r.event_time, r.readable, r.event_id, r.outcome, r.outcome, r.problems, r.child_tickets
           from jsonb_to_recordset(?::jsonb) as r(line int, card_code text, event_name text, event_date_text text, event_time_text text,
                child_tickets_text text, event_reference text, order_reference text, row_key text, row_hash text, event_date date, event_time text,
                readable boolean, event_id uuid, outcome text, problems jsonb, child_tickets int)`,
        [importId, JSON.stringify(chunk)],
      );
    }
  }

  /** The commit's verdicts; a row another commit of the same import already REGISTERED keeps that outcome. */
  async updateOutcomes(importId: string, verdicts: readonly RowVerdict[]): Promise<void> {
    if (!verdicts.length) return;
    await bound(this.em, 
      `update usage.usage_import_row r set outcome = v.outcome, problems = v.problems, event_id = v.event_id, usage_id = v.usage_id
         from jsonb_to_recordset(?::jsonb) as v(line int, outcome text, problems jsonb, event_id uuid, usage_id uuid)
        where r.usage_import_id = ? and r.line = v.line and r.outcome <> 'REGISTERED'`,
      [JSON.stringify(verdicts.map((v) => ({ line: v.line, outcome: v.outcome, problems: v.problems, event_id: v.eventId, usage_id: v.usageId }))), importId],
    );
  }

  /**
   * The last line of every `size` rows not yet registered, in file order: the commit's batches, read once. Reading
   * each batch as "the next `size` rows after line n" instead cost 50–350 ms a batch (15 s of a 100 000-row commit's
   * 45 s): the import's rows are new, so the planner's statistics know none of them, estimate ~100 matching rows and
   * choose a bitmap scan of every remaining row plus a sort over the index scan the limit needs (decision 0018).
   */
  async batchEnds(importId: string, size: number): Promise<number[]> {
    const rows = await this.em.execute<{ line: number }[]>(
      `select line from (select line, row_number() over (order by line) as n from usage.usage_import_row
                          where usage_import_id = ? and outcome <> 'REGISTERED') s
        where s.n % ? = 0 order by line`,
      [importId, size],
    );
    return rows.map((row) => Number(row.line));
  }

  /** Rows as stored, in file order, with `afterLine < line <= throughLine` and not yet registered: one batch of the commit. */
  async storedRows(importId: string, afterLine: number, throughLine: number): Promise<StoredRow[]> {
    return this.em.execute<StoredRow[]>(
      `select ${ROW_COLUMNS} from usage.usage_import_row where usage_import_id = ? and line > ? and line <= ? and outcome <> 'REGISTERED' order by line`,
      [importId, afterLine, throughLine],
    );
  }

  async page(importId: string, filter: { outcome?: RowOutcome | null; changedOnly?: boolean }, limit: number, offset: number): Promise<StoredRow[]> {
    const where = ['usage_import_id = ?'];
    const params: unknown[] = [importId];
    if (filter.outcome) {
      where.push('outcome = ?');
      params.push(filter.outcome);
    }
    if (filter.changedOnly) where.push("outcome <> preview_outcome and not (preview_outcome = 'WILL_REGISTER' and outcome = 'REGISTERED')");
    return this.em.execute<StoredRow[]>(
      `select ${ROW_COLUMNS} from usage.usage_import_row where ${where.join(' and ')} order by line limit ? offset ?`,
      [...params, limit, offset],
    );
  }

  /** Counts per outcome and the tickets of the rows that are (or will be) registered. */
  async counts(importId: string): Promise<ImportCounts> {
    const [row] = await this.em.execute<Record<keyof ImportCounts, string | number>[]>(
      `select count(*) as row_count,
              count(*) filter (where outcome = 'WILL_REGISTER') as will_register,
              count(*) filter (where outcome = 'REGISTERED') as registered,
              count(*) filter (where outcome = 'DUPLICATE') as duplicates,
              count(*) filter (where outcome = 'REFUSED') as refused,
              count(*) filter (where outcome in ('WILL_REGISTER', 'REGISTERED')) as adult_tickets,
              coalesce(sum(child_tickets) filter (where outcome in ('WILL_REGISTER', 'REGISTERED')), 0) as child_tickets
         from usage.usage_import_row where usage_import_id = ?`,
      [importId],
    );
    const n = (key: keyof ImportCounts) => Number(row?.[key] ?? 0);
    return { row_count: n('row_count'), will_register: n('will_register'), registered: n('registered'), duplicates: n('duplicates'), refused: n('refused'), adult_tickets: n('adult_tickets'), child_tickets: n('child_tickets') };
  }
}

export interface ImportCounts {
  row_count: number;
  will_register: number;
  registered: number;
  duplicates: number;
  refused: number;
  adult_tickets: number;
  child_tickets: number;
}

export interface StoredRow {
  line: number;
  card_code: string;
  event_name: string;
  event_date_text: string;
  event_time_text: string;
  child_tickets_text: string;
  event_reference: string;
  order_reference: string;
  row_key: string;
  row_hash: string;
  event_date: string | null;
  event_time: string | null;
  readable: boolean;
  event_id: string | null;
  preview_outcome: RowOutcome;
  outcome: RowOutcome;
  problems: RowProblemRef[];
  child_tickets: number | null;
  usage_id: string | null;
}
