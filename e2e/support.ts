import { readdir, readFile, readlink } from 'node:fs/promises';
import { freePort } from '@kaikukanta/kit/embedded';
import { dropDatabase, dropRoles, withDatabase } from '@kaikukanta/kit';
import { createTestDatabase, type TestDatabase } from '@kaikukanta/kit/testing';
import { inject } from 'vitest';
import { cloneDemoDatabase } from './demo-template.ts';
import { migrateSystem } from '../scripts/lib/migrate.ts';
import { startSystem, type RunningSystem } from '../scripts/lib/system.ts';
import { SUBGRAPHS, type SubgraphName } from '../scripts/lib/subgraphs.ts';

export interface E2ESystem extends RunningSystem {
  port: number;
  /** Each subgraph's own port (tests that look at a subgraph directly, e.g. its open connections). */
  subgraphPorts: Record<string, number>;
  graphqlUrl: string;
  db: TestDatabase;
  teardown(): Promise<void>;
}

/** The run's demo template prefix when `adminUrl` is the run's test server (vitest's global setup); none elsewhere (a bench). */
function demoTemplatePrefix(adminUrl: string): string | undefined {
  try {
    return adminUrl === inject('pgAdminUrl') ? inject('e2eTemplatePrefix') : undefined;
  } catch {
    return undefined;
  }
}

/** A fresh database for one system: a copy of the run's seeded demo template where there is one (e2e/demo-template.ts), else empty and migrated. */
async function systemDatabase(adminUrl: string): Promise<{ db: TestDatabase; urls: Record<SubgraphName, string>; seeded: boolean }> {
  const prefix = demoTemplatePrefix(adminUrl);
  if (!prefix) {
    const db = await createTestDatabase(adminUrl, 'kk_e2e');
    return { db, urls: (await migrateSystem(db.url)).urls, seeded: false };
  }
  const name = `kk_e2e_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const db = { url: withDatabase(adminUrl, name), drop: () => dropDatabase(adminUrl, name) };
  return { db, urls: await cloneDemoDatabase(adminUrl, prefix, name), seeded: true };
}

/**
 * The real system — four subgraph processes and the gateway — on free ports, with demo data in a fresh database,
 * each subgraph under its own role as `npm start` runs them (decision 0010). `db.url` stays the superuser's.
 */
export async function startE2ESystem(adminUrl: string, env: Record<string, string> = {}): Promise<E2ESystem> {
  const { db, urls, seeded } = await systemDatabase(adminUrl);
  const port = await freePort();
  const subgraphPorts = Object.fromEntries(await Promise.all(SUBGRAPHS.map(async (name) => [name, await freePort()] as const)));
  const system = await startSystem({
    databaseUrls: urls,
    gatewayPort: port,
    subgraphPorts,
    quiet: !process.env.E2E_LOGS,
    // Suppressed statistics per event (decision 0019), so tests see a registration's figures at once; a file that
    // tests the published steps sets E2E_STATISTICS_PUBLISH_INTERVAL_MS (or passes its own env).
    // A copy of the seeded template needs no seeding (which would replay every demo use through the write path).
    env: { SEED_DEMO_DATA: seeded ? 'false' : 'true', LOG_LEVEL: 'warn', HEARTBEAT_INTERVAL_MS: '250', STATISTICS_PUBLISH_INTERVAL_MS: process.env.E2E_STATISTICS_PUBLISH_INTERVAL_MS ?? '0', ...env },
  });
  return {
    ...system,
    port,
    subgraphPorts,
    db,
    graphqlUrl: `http://127.0.0.1:${port}/graphql`,
    teardown: async () => {
      const exits = await system.stop();
      await db.drop();
      await dropRoles(adminUrl, new URL(db.url).pathname.slice(1));
      // Every service stops by itself on SIGTERM (exit 0): not by its own force-exit (1) nor by the harness's SIGKILL.
      const unclean = exits.filter((exit) => exit.code !== 0);
      if (unclean.length) throw new Error(`not stopped cleanly on SIGTERM: ${unclean.map((exit) => `${exit.name} (${exit.signal ?? `exit ${exit.code}`})`).join(', ')}`);
    },
  };
}

export interface GatewayResult<T> {
  status: number;
  headers: Headers;
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string } & Record<string, unknown> }[];
}

/** One POST /graphql as a browser or a partner system sends it, with the response headers (cookies). */
export async function gatewayRequest<T = Record<string, unknown>>(
  graphqlUrl: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GatewayResult<T>> {
  const res = await fetch(graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
  return { status: res.status, headers: res.headers, ...((await res.json()) as Omit<GatewayResult<T>, 'status' | 'headers'>) };
}

/**
 * The id of the process listening on 127.0.0.1:`port` (Linux: the socket's inode in /proc/net/tcp, then the process
 * holding it), for fault tests that signal a subgraph the harness started (SIGSTOP/SIGCONT: a hanging process).
 */
export async function pidListeningOn(port: number): Promise<number> {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const lines = (await readFile(table, 'utf8').catch(() => '')).split('\n').slice(1);
    for (const line of lines) {
      const fields = line.trim().split(/\s+/);
      // local_address is ADDR:PORT in hex; state 0A is LISTEN; the inode is the tenth field.
      if (fields[1]?.endsWith(`:${hex}`) && fields[3] === '0A' && fields[9]) inodes.add(fields[9]);
    }
  }
  for (const pid of (await readdir('/proc')).filter((name) => /^\d+$/.test(name))) {
    const fds = await readdir(`/proc/${pid}/fd`).catch(() => [] as string[]);
    for (const fd of fds) {
      const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      if (inode && inodes.has(inode)) return Number(pid);
    }
  }
  throw new Error(`no process listens on port ${port}`);
}

/** Established TCP connections that process `pid` holds to 127.0.0.1:`port` (the kernel's tables; Linux). */
export async function connectionsFrom(pid: number, port: number): Promise<number> {
  const mine = new Set<string>();
  for (const fd of await readdir(`/proc/${pid}/fd`).catch(() => [] as string[])) {
    const inode = /^socket:\[(\d+)\]$/.exec(await readlink(`/proc/${pid}/fd/${fd}`).catch(() => ''))?.[1];
    if (inode) mine.add(inode);
  }
  const hex = `:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  let count = 0;
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of (await readFile(table, 'utf8').catch(() => '')).split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      // rem_address is the third field, the state (01: established) the fourth, the inode the tenth.
      if (fields[2]?.endsWith(hex) && fields[3] === '01' && mine.has(fields[9] ?? '')) count += 1;
    }
  }
  return count;
}
