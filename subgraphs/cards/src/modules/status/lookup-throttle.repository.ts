import { isUuid, nameUuid, type EntityManager } from '@kaikukanta/kit';

/**
 * One fixed one-minute window per caller, counted with one atomic upsert:
 * parallel look-ups and replicas all count, and a restart of the service forgets
 * nothing. The table is unlogged (decision 0030): a look-up is no durable commit,
 * and a crash of PostgreSQL forgets at most the current minute's counts.
 */
export class LookupThrottleRepository {
  constructor(private readonly em: EntityManager) {}

  /** Counts a look-up; returns the count in the current minute and the seconds left in it. */
  async count(caller: string): Promise<{ lookups: number; secondsLeft: number }> {
    const rows: { lookups: number; seconds_left: string }[] = await this.em.getConnection().execute(
      `insert into cards.status_lookup as t (caller_id, window_start, lookups)
       values (?, date_trunc('minute', now()), 1)
       on conflict (caller_id) do update set
         lookups = case when t.window_start = date_trunc('minute', now()) then t.lookups + 1 else 1 end,
         window_start = date_trunc('minute', now())
       returning lookups, ceil(extract(epoch from (window_start + interval '1 minute' - now()))) as seconds_left`,
      [callerUuid(caller)],
    );
    return { lookups: Number(rows[0]?.lookups ?? 0), secondsLeft: Math.max(1, Number(rows[0]?.seconds_left ?? 60)) };
  }
}

/** Callers are uuids (organisation, region or membership ids) or names like `apiKeys:<organisation>`, mapped to a uuid deterministically. */
function callerUuid(caller: string): string {
  return isUuid(caller) ? caller : nameUuid(caller);
}
