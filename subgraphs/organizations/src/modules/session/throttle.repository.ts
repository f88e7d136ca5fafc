import type { EntityManager } from '@kaikukanta/kit';

/** Failed attempts an account may make in one window; the 11th is refused even with the right password. */
export const ACCOUNT_FAILURE_LIMIT = 10;
/** Many staff may share one address (a welfare area's network), so the address limit is higher. */
export const ADDRESS_FAILURE_LIMIT = 100;
export const LOCK_SECONDS = 15 * 60;
/** M4: an account's failures count for 15 minutes from the first of them; then a new window starts. */
export const ACCOUNT_WINDOW_SECONDS = 15 * 60;
/** M4: an address's failures count for an hour, so a busy office address never adds up months of typos. */
export const ADDRESS_WINDOW_SECONDS = 60 * 60;
/** Rows untouched this long (and not locked) are pruned: every window and lock has long passed. */
export const PRUNE_AFTER_SECONDS = 24 * 60 * 60;

/**
 * Login throttling in PostgreSQL, so a restart or another replica does not
 * reset it. An attempt is counted *before* its password is checked, in one
 * atomic upsert: parallel requests and aliased mutations cannot all slip past
 * a check made before any of them has failed. A successful login then takes
 * its own count back. Counts live in fixed windows (M4, decision 0005): the
 * first attempt after a window (or a lock) has passed starts a new one at 1.
 */
export class ThrottleRepository {
  constructor(private readonly em: EntityManager) {}

  /**
   * Counts one attempt on `key` in its window of `windowSeconds`. Returns 0
   * when the attempt may go on, or the seconds until the key unlocks: when it
   * is locked already, or when this attempt is the one over `limit` (which
   * locks it).
   */
  async attempt(key: string, limit: number, windowSeconds: number): Promise<number> {
    // In ON CONFLICT … DO UPDATE every `t.` is the row as it was, so the three cases read alike:
    // locked (keep everything), lock or window passed (start over at 1), else count on.
    const rows: { seconds: number | string | null }[] = await this.em.getConnection().execute(
      `insert into organizations.login_throttle as t (key, failures, locked_until, window_started_at, updated_at)
       values (?, 1, case when 1 > ? then now() + make_interval(secs => ?) end, now(), now())
       on conflict (key) do update set
         failures = case
           when t.locked_until > now() then t.failures
           when t.locked_until is not null or coalesce(t.window_started_at, '-infinity') <= now() - make_interval(secs => ?) then 1
           else t.failures + 1 end,
         locked_until = case
           when t.locked_until > now() then t.locked_until
           when t.locked_until is null and t.window_started_at > now() - make_interval(secs => ?) and t.failures + 1 > ? then now() + make_interval(secs => ?)
           else null end,
         window_started_at = case
           when t.locked_until > now() then t.window_started_at
           when t.locked_until is not null or coalesce(t.window_started_at, '-infinity') <= now() - make_interval(secs => ?) then now()
           else t.window_started_at end,
         updated_at = now()
       returning case when locked_until > now() then ceil(extract(epoch from locked_until - now())) else 0 end as seconds`,
      [key, limit, LOCK_SECONDS, windowSeconds, windowSeconds, limit, LOCK_SECONDS, windowSeconds],
    );
    return Number(rows[0]?.seconds ?? 0);
  }

  /** After a right password: the account starts a new row of failures; the address gets its attempt back. */
  async succeeded(accountKey: string, addressKey: string | null): Promise<void> {
    const connection = this.em.getConnection();
    await connection.execute('delete from organizations.login_throttle where key = ? and (locked_until is null or locked_until <= now())', [accountKey]);
    if (addressKey) {
      // The window is left as it is: a success must not keep older failures counting longer.
      await connection.execute('update organizations.login_throttle set failures = greatest(failures - 1, 0) where key = ? and locked_until is null', [addressKey]);
    }
  }

  /** L5: an attempt shed before its password was checked gives back its one count (earlier failures still count). */
  async refund(keys: string[]): Promise<void> {
    for (const key of keys) {
      await this.em.getConnection().execute('update organizations.login_throttle set failures = greatest(failures - 1, 0) where key = ? and locked_until is null', [key]);
    }
  }

  /**
   * M4: drops rows whose window and lock passed long ago (each random email
   * tried leaves one). Cheap on the `updated_at` index; run after each
   * successful login, so the table holds about a day of keys.
   */
  async prune(): Promise<number> {
    const result = await this.em
      .getConnection()
      .execute(
        'delete from organizations.login_throttle where updated_at < now() - make_interval(secs => ?) and (locked_until is null or locked_until < now())',
        [PRUNE_AFTER_SECONDS],
        'run',
      );
    return (result as { affectedRows?: number }).affectedRows ?? 0;
  }
}
