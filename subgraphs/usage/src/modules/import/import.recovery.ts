import type { EntityManager, Logger } from '@kaikukanta/kit';
import { runningJobs } from './import.jobs.js';
import { ImportRepository } from './import.repository.js';
import { countsOf } from './import.service.js';
import { UsageImportEntity } from './usage-import.entity.js';

export interface RecoveryTiming {
  /** How often this process marks its running imports seen and looks for imports no process sees. */
  beatMs: number;
  /** An import in PREVIEWING or COMMITTING not seen for this long has no live process working on it. */
  staleMs: number;
}

export interface Recovered {
  /** PREVIEWING → FAILED (PREVIEW_INTERRUPTED): its rows are removed; the file is not kept, so it is uploaded again. */
  failedPreviews: string[];
  /** COMMITTING → PREVIEWED (COMMIT_INTERRUPTED): committing again registers the rest. */
  interruptedCommits: string[];
}

/**
 * Imports whose job died with its process (R17: nothing stays PREVIEWING or COMMITTING forever). Safe with several
 * replicas: a live process marks its running imports seen every `beatMs` (by the database's clock), so only an
 * import no process has seen for `staleMs` is taken, and `skip locked` gives each one to a single sweeper.
 *
 * A COMMITTING import is not resumed in the background: the commit judges every row with the committer's rights
 * (R18), which a restarted process cannot re-establish (and may have been withdrawn). Every batch — key claims,
 * uses, outbox, places, row outcomes — is one transaction, so no row is half-registered; the import goes back to
 * PREVIEWED with COMMIT_INTERRUPTED and its REGISTERED rows, and the next commit registers the rest (each row's key
 * turns any repeat into a DUPLICATE).
 */
export async function recoverImports(em: EntityManager, staleMs: number): Promise<Recovered> {
  return em.fork().transactional(async (tx) => {
    const stuck = await tx.execute<{ id: string; status: 'PREVIEWING' | 'COMMITTING' }[]>(
      `select id, status from usage.usage_import
        where status in ('PREVIEWING', 'COMMITTING') and coalesce(job_seen_at, uploaded_at) < now() - make_interval(secs => ?)
          and not id = any(?::uuid[])
        order by id for update skip locked`,
      [staleMs / 1000, `{${runningJobs().join(',')}}`],
    );
    const recovered: Recovered = { failedPreviews: [], interruptedCommits: [] };
    const repo = new ImportRepository(tx);
    for (const { id, status } of stuck) {
      if (status === 'PREVIEWING') {
        await tx.execute('delete from usage.usage_import_row where usage_import_id = ?', [id]);
        await tx.nativeUpdate(UsageImportEntity, { id }, { status: 'FAILED', failure: 'PREVIEW_INTERRUPTED', jobSeenAt: null, ...NO_ROWS });
        recovered.failedPreviews.push(id);
      } else {
        const counts = await repo.counts(id);
        await tx.nativeUpdate(UsageImportEntity, { id }, { status: 'PREVIEWED', failure: 'COMMIT_INTERRUPTED', jobSeenAt: null, ...countsOf(counts) });
        recovered.interruptedCommits.push(id);
      }
    }
    return recovered;
  });
}

const NO_ROWS = { rowCount: 0, ignoredRows: 0, totalRows: 0, willRegister: 0, registered: 0, duplicates: 0, refused: 0, adultTickets: 0, childTickets: 0 };

/** This process's imports in progress, marked seen now. */
export async function markRunningSeen(em: EntityManager): Promise<void> {
  const ids = runningJobs();
  if (!ids.length) return;
  await em.fork().execute(`update usage.usage_import set job_seen_at = now() where id = any(?::uuid[]) and status in ('PREVIEWING', 'COMMITTING')`, [`{${ids.join(',')}}`]);
}

/** On start and every `beatMs`: mark this process's imports seen, then recover those no process sees. Returns the stop function. */
export async function startImportRecovery(em: EntityManager, logger: Logger, timing: RecoveryTiming): Promise<() => Promise<void>> {
  const sweep = async () => {
    await markRunningSeen(em);
    const recovered = await recoverImports(em, timing.staleMs);
    if (recovered.failedPreviews.length || recovered.interruptedCommits.length) logger.warn(recovered, 'imports left by a stopped process recovered');
  };
  await sweep();
  let current: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    current = sweep().catch((error: unknown) => logger.error({ err: error }, 'import recovery failed'));
  }, timing.beatMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await current;
  };
}
