import { todayInFinland, type EntityManager, type Logger, type MikroORM } from '@kaikukanta/kit';
import type { PubSub } from 'type-graphql';
import { cacheYear, cachedYear, computePublishedYear, currentYear, decodePublishedYear, encodePublishedYear, identityKey, identityNow, type PublishedYear } from './published-year.js';

/** Topic of `statisticsPublished`: a new step of the suppressed figures is out (decision 0019). */
export const STATISTICS_PUBLISHED = 'STATISTICS_PUBLISHED';
/** Advisory lock class of a year's publication (the year is the lock's second key): one replica computes a step. */
const LOCK_CLASS = 0x5747;

/** The published tables a suppressed caller is served, and the step they are as of. */
export interface ServedYear {
  tables: PublishedYear;
  at: Date;
}

interface StoredRow {
  generation: number;
  positions: string;
  step_at: Date;
}

/** Each app's interval, by its ORM's configuration (several apps may share a process, as the tests run them). */
const intervals = new WeakMap<object, number>();

export function usePublishInterval(orm: MikroORM, intervalMs: number): void {
  intervals.set(orm.config, intervalMs);
}

export const publishIntervalOf = (em: EntityManager) => intervals.get(em.config) ?? 0;

/** Queries of this process that found no step, by year: they wait for one publication, not one each (and not a pooled connection each). */
const missing = new Map<number, Promise<ServedYear>>();

function publishMissing(em: EntityManager, year: number): Promise<ServedYear> {
  let found = missing.get(year);
  if (!found) {
    found = publishYear(em, year, new Date(), true).finally(() => missing.delete(year));
    missing.set(year, found);
  }
  return found;
}

/**
 * R27, decision 0019: the year's suppressed tables as served to every suppressed caller. With a cadence, the
 * stored step of the current generation — computed here only when there is none yet (the first query of a year,
 * or the first after a rebuild); per event (interval 0), the tables at the readers' positions now.
 */
export async function servedYear(em: EntityManager, year: number): Promise<ServedYear> {
  if (publishIntervalOf(em) === 0) return currentYear(em, year);
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const [row] = await em.execute<StoredRow[]>(
      `select p.generation, p.positions, p.step_at from statistics.published_year p
        where p.year = ? and p.generation = (select generation from statistics.publication_generation where id = 1)`,
      [year],
    );
    if (!row) return publishMissing(em, year);
    const key = identityKey(year, row);
    let tables = cachedYear(key)?.tables;
    if (!tables) {
      const [stored] = await em.execute<{ tables: Buffer }[]>('select tables from statistics.published_year where year = ? and generation = ? and positions = ?', [year, row.generation, row.positions]);
      // Replaced by a newer step between the two reads: look again.
      if (!stored) continue;
      tables = cacheYear(key, decodePublishedYear(stored.tables));
    }
    return { tables: await tables, at: new Date(row.step_at) };
  }
  return publishMissing(em, year);
}

/**
 * Publishes the step `stepAt` of a year, once for every replica: under the year's advisory lock, a replica that
 * finds the step (or a later one) stored takes it; one that finds the figures unchanged (same generation and
 * reader positions) only moves the stored step forward; otherwise it computes the tables in one snapshot and
 * stores them. The lock is held across the computation, so the others wait for it rather than repeat it.
 * `ifMissing` (a query that found no step of the current generation): any step of it stored meanwhile will do.
 */
export async function publishYear(em: EntityManager, year: number, stepAt: Date, ifMissing = false): Promise<ServedYear & { computedMs: number | null }> {
  return em.fork().transactional(async (tx) => {
    // The computation (on its own connection) may outlast the service's timeouts on a national year, while this
    // transaction holds the lock idle and the others wait for it.
    await tx.execute("set local statement_timeout = '180s'");
    await tx.execute("set local lock_timeout = '180s'");
    await tx.execute("set local idle_in_transaction_session_timeout = '180s'");
    await tx.execute('select pg_advisory_xact_lock(?, ?)', [LOCK_CLASS, year]);
    const [row] = await tx.execute<StoredRow[]>('select generation, positions, step_at from statistics.published_year where year = ?', [year]);
    const now = await identityNow(tx);
    const fresh = row && row.generation === now.generation;
    if (fresh && (ifMissing || new Date(row.step_at) >= stepAt)) return { ...(await loaded(tx, year, row)), computedMs: null };
    if (fresh && row.positions === now.positions) {
      await tx.execute('update statistics.published_year set step_at = ? where year = ?', [stepAt, year]);
      return { ...(await loaded(tx, year, row)), at: stepAt, computedMs: null };
    }
    const started = performance.now();
    // Its own connection and snapshot (repeatable read), outside this transaction that only holds the lock.
    const { tables, identity } = await computePublishedYear(em, year);
    const blob = await encodePublishedYear(tables);
    const computedMs = Math.round(performance.now() - started);
    await tx.execute(
      `insert into statistics.published_year (year, generation, positions, step_at, computed_ms, tables) values (?, ?, ?, ?, ?, ?)
       on conflict (year) do update set generation = excluded.generation, positions = excluded.positions, step_at = excluded.step_at, computed_ms = excluded.computed_ms, tables = excluded.tables`,
      [year, identity.generation, identity.positions, stepAt, computedMs, blob],
    );
    cacheYear(identityKey(year, identity), Promise.resolve(tables));
    return { tables, at: stepAt, computedMs };
  });
}

async function loaded(em: EntityManager, year: number, row: StoredRow): Promise<ServedYear> {
  const key = identityKey(year, row);
  let tables = cachedYear(key)?.tables;
  if (!tables) {
    const [stored] = await em.execute<{ tables: Buffer }[]>('select tables from statistics.published_year where year = ?', [year]);
    tables = cacheYear(key, decodePublishedYear(stored!.tables));
  }
  return { tables: await tables, at: new Date(row.step_at) };
}

/** The next step after `now`: steps fall on multiples of the interval since the epoch, the same on every replica. */
export const nextStep = (now: number, intervalMs: number) => (Math.floor(now / intervalMs) + 1) * intervalMs;

/**
 * Decision 0019: publishes a step of every year that has one stored (and of the current year) at each multiple of
 * `intervalMs`, then tells this process's subscribers (`statisticsPublished`). Every replica runs it; the lock in
 * `publishYear` makes one of them compute each step. Returns the stop function.
 */
export function startPublishing(orm: MikroORM, logger: Logger, pubSub: PubSub, intervalMs: number): () => Promise<void> {
  if (intervalMs === 0) return async () => undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const step = async (stepAt: Date) => {
    const em = orm.em.fork();
    const stored = await em.execute<{ year: number }[]>('select year from statistics.published_year order by year');
    const years = [...new Set([Number(todayInFinland().slice(0, 4)), ...stored.map((r) => Number(r.year))])];
    const computed: Record<number, number> = {};
    for (const year of years) {
      const { computedMs } = await publishYear(em, year, stepAt);
      if (computedMs !== null) computed[year] = computedMs;
    }
    if (Object.keys(computed).length) logger.info({ stepAt, computedMs: computed }, 'statistics published');
    pubSub.publish(STATISTICS_PUBLISHED, { at: stepAt });
  };
  const schedule = () => {
    if (stopped) return;
    const at = nextStep(Date.now(), intervalMs);
    timer = setTimeout(() => {
      running = step(new Date(at))
        .catch((error: unknown) => logger.error({ err: error }, 'statistics publication failed; the next step tries again'))
        .finally(schedule);
    }, at - Date.now());
    timer.unref();
  };
  // The current year's step ready before the first query (published now if there is none, loaded otherwise).
  const warm = servedYear(orm.em.fork(), Number(todayInFinland().slice(0, 4)))
    .then(() => undefined)
    .catch((error: unknown) => logger.warn({ err: error }, 'statistics: the current step could not be loaded at start; the first query will'));
  schedule();
  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    await Promise.all([warm, running]);
  };
}
