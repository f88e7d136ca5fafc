import type { EntityManager } from '@kaikukanta/kit';

/** Failures in a row before an account is locked; the 11th attempt is refused even with the right password. */
export const ACCOUNT_FAILURE_LIMIT = 10;
/** Many staff may share one address (a welfare area's network), so the address limit is higher. */
export const ADDRESS_FAILURE_LIMIT = 100;
export const LOCK_SECONDS = 15 * 60;

/**
 * Login throttling in PostgreSQL: each failure is an atomic upsert, so
 * parallel requests and aliased mutations in one request all count, and the
 * state survives restarts and is shared by replicas.
 */
export class ThrottleRepository {
  constructor(private readonly em: EntityManager) {}

  /** Seconds until the first of `keys` unlocks, or 0 when none is locked. */
  async lockedForSeconds(keys: string[]): Promise<number> {
    const rows: { seconds: string }[] = await this.em
      .getConnection()
      .execute(
        'select ceil(extract(epoch from max(locked_until) - now())) as seconds from organizations.login_throttle where key in (?) and locked_until > now()',
        [keys],
      );
    return Number(rows[0]?.seconds ?? 0);
  }

  /** Counts one failure on each key and locks a key that reaches its limit. */
  async recordFailure(key: string, limit: number): Promise<void> {
    await this.em.getConnection().execute(
      `insert into organizations.login_throttle as t (key, failures, locked_until, updated_at)
       values (?, 1, null, now())
       on conflict (key) do update set
         failures = case when t.locked_until is not null and t.locked_until <= now() then 1 else t.failures + 1 end,
         locked_until = case
           when t.locked_until is not null and t.locked_until <= now() then null
           when t.failures + 1 >= ? then now() + make_interval(secs => ?)
           else t.locked_until end,
         updated_at = now()`,
      [key, limit, LOCK_SECONDS],
    );
  }

  async reset(key: string): Promise<void> {
    await this.em.getConnection().execute('delete from organizations.login_throttle where key = ? and (locked_until is null or locked_until <= now())', [key]);
  }
}
