import type { EntityManager } from '@kaikukanta/kit';

/**
 * Writes per caller (a partner key, or an organisation's staff together) in a sliding minute (ARCHITECTURE
 * "Security model"), counted with one atomic upsert, so parallel requests and replicas all count. The previous
 * minute's count is weighted by the part of it still inside the window (a sliding-window counter): no burst of
 * twice the limit at a minute's edge.
 */
export const WRITES_PER_MINUTE = 600;

export class WriteThrottleRepository {
  constructor(private readonly em: EntityManager) {}

  /** Counts one write of `callerId`; the estimated writes in the last 60 s, and the seconds until one more would fit. */
  async count(callerId: string): Promise<{ writes: number; secondsLeft: number }> {
    const [row] = await this.em.execute<{ current: number; previous: number; elapsed: string }[]>(
      `insert into usage.write_throttle as t (caller_id, window_start, current, previous)
       values (?, date_trunc('minute', now()), 1, 0)
       on conflict (caller_id) do update set
         previous = case when t.window_start = date_trunc('minute', now()) then t.previous
                         when t.window_start = date_trunc('minute', now()) - interval '1 minute' then t.current
                         else 0 end,
         current = case when t.window_start = date_trunc('minute', now()) then t.current + 1 else 1 end,
         window_start = date_trunc('minute', now())
       returning current, previous, extract(epoch from (now() - window_start)) as elapsed`,
      [callerId],
    );
    const elapsed = Math.min(Math.max(Number(row?.elapsed ?? 0), 0), 60);
    const writes = Number(row?.previous ?? 0) * (1 - elapsed / 60) + Number(row?.current ?? 0);
    return { writes, secondsLeft: Math.max(1, Math.ceil(60 - elapsed)) };
  }
}
