import type { EntityManager } from '@kaikukanta/kit';

/** Attempts in a row an account may fail; the 11th is refused even with the right password. */
export const ACCOUNT_FAILURE_LIMIT = 10;
/** Many staff may share one address (a welfare area's network), so the address limit is higher. */
export const ADDRESS_FAILURE_LIMIT = 100;
export const LOCK_SECONDS = 15 * 60;

/**
 * Login throttling in PostgreSQL, so a restart or another replica does not
 * reset it. An attempt is counted *before* its password is checked, in one
 * atomic upsert: parallel requests and aliased mutations cannot all slip past
 * a check made before any of them has failed. A successful login then takes
 * its own count back.
 */
export class ThrottleRepository {
  constructor(private readonly em: EntityManager) {}

  /**
   * Counts one attempt on `key`. Returns 0 when the attempt may go on, or the
   * seconds until the key unlocks: when it is locked already, or when this
   * attempt is the one over `limit` (which locks it).
   */
  async attempt(key: string, limit: number): Promise<number> {
    const rows: { seconds: number | string | null }[] = await this.em.getConnection().execute(
      `insert into organizations.login_throttle as t (key, failures, locked_until, updated_at)
       values (?, 1, case when 1 > ? then now() + make_interval(secs => ?) end, now())
       on conflict (key) do update set
         failures = case
           when t.locked_until > now() then t.failures
           when t.locked_until is not null then 1
           else t.failures + 1 end,
         locked_until = case
           when t.locked_until > now() then t.locked_until
           when t.locked_until is null and t.failures + 1 > ? then now() + make_interval(secs => ?)
           else null end,
         updated_at = now()
       returning case when locked_until > now() then ceil(extract(epoch from locked_until - now())) else 0 end as seconds`,
      [key, limit, LOCK_SECONDS, limit, LOCK_SECONDS],
    );
    return Number(rows[0]?.seconds ?? 0);
  }

  /** After a right password: the account starts a new row of failures; the address gets its attempt back. */
  async succeeded(accountKey: string, addressKey: string | null): Promise<void> {
    const connection = this.em.getConnection();
    await connection.execute('delete from organizations.login_throttle where key = ? and (locked_until is null or locked_until <= now())', [accountKey]);
    if (addressKey) {
      await connection.execute(
        'update organizations.login_throttle set failures = greatest(failures - 1, 0), updated_at = now() where key = ? and locked_until is null',
        [addressKey],
      );
    }
  }
}
