import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { withDatabase } from '@kaikukanta/kit';
import { startEmbeddedPostgres } from '@kaikukanta/kit/embedded';

export interface ScratchServer {
  /** URL of the server's maintenance database, for CREATE/DROP DATABASE. */
  adminUrl: string;
  stop(): Promise<void>;
}

/**
 * A PostgreSQL server for tests and tooling: the one in DATABASE_URL when set,
 * otherwise a throw-away embedded server in a temporary folder.
 */
export async function scratchServer(log?: (line: string) => void, options: { durable?: boolean } = {}): Promise<ScratchServer> {
  const url = process.env.DATABASE_URL?.trim();
  if (url) return { adminUrl: withDatabase(url, 'postgres'), stop: async () => undefined };
  const dir = await mkdtemp(path.join(tmpdir(), 'kaikukanta-pg-'));
  // As root, PostgreSQL runs as the `postgres` user, which must be able to enter the folder.
  await chmod(dir, 0o755);
  // `durable: false` (the test run's server): nothing on it must survive a crash of the machine, so it skips the disk
  // flushes. Benchmarks keep them: they compare with PostgreSQL's own speed, which includes its durability.
  const settings = options.durable === false ? { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' } : undefined;
  const db = await startEmbeddedPostgres({ dataDir: path.join(dir, 'data'), ...(settings ? { settings } : {}), ...(log ? { log } : {}) });
  return {
    adminUrl: db.adminUrl,
    stop: async () => {
      await db.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export function uniqueDatabaseName(prefix: string): string {
  return `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
}
