import type { Logger } from '@kaikukanta/kit';

/**
 * An import's work runs beside the request that starts it: reading and judging 100 000 rows takes longer than
 * the gateway waits for a subgraph (SUBGRAPH_TIMEOUT_MS). The mutation waits at most `answerWithinMs` and
 * answers with the import as it stands; the client follows it with `usageImport(id)`. One run per import at a
 * time in this process, which marks its running imports seen every few seconds (`import.recovery.ts`); an import
 * in PREVIEWING or COMMITTING that no live process sees any longer is recovered.
 */
const running = new Map<string, Promise<void>>();

export function startJob(importId: string, work: () => Promise<void>, logger: Logger): Promise<void> {
  const existing = running.get(importId);
  if (existing) return existing;
  const job = work()
    .catch((error: unknown) => logger.error({ err: error, importId }, 'import job failed'))
    .finally(() => running.delete(importId));
  running.set(importId, job);
  return job;
}

/** The imports this process is working on now. */
export function runningJobs(): string[] {
  return [...running.keys()];
}

/** Waits for the job, or `ms`, whichever is first. */
export async function waitAtMost(job: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([job, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

/** For tests and shutdown: every job of this process settled. */
export async function settleJobs(): Promise<void> {
  while (running.size) await Promise.allSettled([...running.values()]);
}
