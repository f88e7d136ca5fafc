import { isUuid, nameUuid, type EntityManager } from '@kaikukanta/kit';
import type { CardOwner } from '../card/card.access.js';
import type { CardKind, CardState } from '../card/card.model.js';
import type { CardValidity } from '../card/card-status.js';

/**
 * One fixed one-minute window per caller, counted with one atomic upsert (in the
 * same statement as the card's read, decision 0030):
 * parallel look-ups and replicas all count, and a restart of the service forgets
 * nothing. The table is unlogged (decision 0030): a look-up is no durable commit,
 * and a crash of PostgreSQL forgets at most the current minute's counts.
 */
export class StatusLookupRepository {
  constructor(private readonly em: EntityManager) {}

  /**
   * Counts a look-up and reads the card `code` names (none when `code` is null), in one statement: the count in the
   * current minute, the seconds left in it, and what R29 lets a venue learn of the card plus its owner (for the
   * managing roles' scope) — no holder data (R9).
   */
  async countAndFind(caller: string, code: string | null): Promise<{ lookups: number; secondsLeft: number; card: StatusCard | null }> {
    const rows: StatusRow[] = await this.em.getConnection().execute(
      `with counted as (
         insert into cards.status_lookup as t (caller_id, window_start, lookups)
         values (?, date_trunc('minute', now()), 1)
         on conflict (caller_id) do update set
           lookups = case when t.window_start = date_trunc('minute', now()) then t.lookups + 1 else 1 end,
           window_start = date_trunc('minute', now())
         returning lookups, ceil(extract(epoch from (window_start + interval '1 minute' - now()))) as seconds_left
       )
       select counted.lookups, counted.seconds_left, c.kind, c.state, c.granted_on::text as granted_on,
              c.valid_until::text as valid_until, c.closed_on::text as closed_on, c.child_ticket_limit,
              c.distributor_id, c.region_id
         from counted left join cards.card c on c.code = ?`,
      [callerUuid(caller), code],
    );
    const row = rows[0];
    const card: StatusCard | null =
      row?.kind && row.state && row.granted_on && row.valid_until && row.distributor_id
        ? {
            kind: row.kind,
            state: row.state,
            grantedOn: row.granted_on,
            validUntil: row.valid_until,
            closedOn: row.closed_on,
            childTicketLimit: Number(row.child_ticket_limit),
            distributorId: row.distributor_id,
            regionId: row.region_id,
          }
        : null;
    return { lookups: Number(row?.lookups ?? 0), secondsLeft: Math.max(1, Number(row?.seconds_left ?? 60)), card };
  }
}

/** What a card-status answer is made of (R29) and whose card it is (canManage). */
export interface StatusCard extends CardValidity, CardOwner {
  kind: CardKind;
  childTicketLimit: number;
}

interface StatusRow {
  lookups: number;
  seconds_left: string;
  kind: CardKind | null;
  state: CardState | null;
  granted_on: string | null;
  valid_until: string | null;
  closed_on: string | null;
  child_ticket_limit: number | null;
  distributor_id: string | null;
  region_id: string | null;
}

/** Callers are uuids (organisation, region or membership ids) or names like `apiKeys:<organisation>`, mapped to a uuid deterministically. */
function callerUuid(caller: string): string {
  return isUuid(caller) ? caller : nameUuid(caller);
}
