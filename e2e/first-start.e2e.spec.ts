import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { dropRoles } from '@kaikukanta/kit';
import { freePort } from '@kaikukanta/kit/embedded';
import { createTestDatabase, type TestDatabase } from '@kaikukanta/kit/testing';

const root = fileURLToPath(new URL('..', import.meta.url));
const projectBin = path.join(root, 'node_modules', '.bin');

/** A Node older than the pinned 24 that a new user may have first on the PATH (the system's 20 here). */
function oldNode(): string | undefined {
  const candidates = ['/usr/bin/node', '/usr/local/bin/node', ...(process.env.PATH ?? '').split(path.delimiter).map((dir) => path.join(dir, 'node'))];
  for (const candidate of candidates) {
    if (!existsSync(candidate) || realpathSync(candidate).startsWith(realpathSync(root))) continue;
    const major = Number(execFileSync(candidate, ['-p', 'process.versions.node.split(".")[0]'], { encoding: 'utf8' }).trim());
    if (major >= 20 && major < 24) return candidate;
  }
  return undefined;
}

const old = oldNode();

// Issue 7: `npm start` in a fresh clone died on Node 20 (`ERR_UNKNOWN_FILE_EXTENSION ".ts"`) because the
// script's shell kept the `node` it had looked up before the install. The launcher must run every step after
// the install on the pinned Node whatever is first on the PATH, and a second start must not rebuild the web app.
describe.skipIf(!old)(`first start with an old Node first on the PATH (${old ?? 'no Node < 24 on this machine'})`, () => {
  let db: TestDatabase;
  let child: ChildProcess;
  let output = '';
  let gatewayPort: number;

  beforeAll(async () => {
    db = await createTestDatabase(inject('pgAdminUrl'), 'kk_first');
    gatewayPort = await freePort();
    const ports = { ORGANIZATIONS_PORT: await freePort(), CARDS_PORT: await freePort(), USAGE_PORT: await freePort(), STATISTICS_PORT: await freePort() };
    const inheritedPath = (process.env.PATH ?? '').split(path.delimiter).filter((dir) => path.resolve(dir) !== projectBin);
    // What a new user's shell does with `npm start`: its command line runs with the old Node first on the PATH (the
    // shell looked `node` up before the install made node_modules/.bin/node, and keeps that answer).
    const { scripts } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    child = spawn('/bin/sh', ['-c', scripts.start as string], {
      cwd: root,
      env: {
        ...process.env,
        PATH: [path.dirname(old as string), ...inheritedPath].join(path.delimiter),
        DATABASE_URL: db.url,
        GATEWAY_PORT: String(gatewayPort),
        ...Object.fromEntries(Object.entries(ports).map(([name, port]) => [name, String(port)])),
        SEED_DEMO_DATA: 'false',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  });

  afterAll(async () => {
    if (groupAlive(child)) process.kill(-(child.pid as number), 'SIGKILL');
    await db.drop();
    // npm start created the subgraphs' roles for that database (decision 0010); roles outlive it.
    await dropRoles(inject('pgAdminUrl'), new URL(db.url).pathname.slice(1));
  });

  it('reaches a healthy gateway whose subgraphs answer on the configured ports, and says the web app was not rebuilt', async () => {
    const exited = new Promise<never>((_, reject) =>
      child.once('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${output}`))),
    );
    const healthy = expect
      .poll(async () => (await fetch(`http://127.0.0.1:${gatewayPort}/healthz`).catch(() => undefined))?.status, { timeout: 90_000, interval: 250 })
      .toBe(200);
    await Promise.race([healthy, exited]);
    await expect.poll(() => output, { timeout: 30_000 }).toContain('Kaikukanta is ready');
    expect(output).not.toContain('ERR_UNKNOWN_FILE_EXTENSION');
    // The suite's own `npm test` built the web app from these very sources a moment ago.
    expect(output).toContain('web app is up to date');
    const page = await fetch(`http://127.0.0.1:${gatewayPort}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<html');
  }, 150_000);

  it('stops every process on Ctrl-C (SIGINT to the terminal\'s process group)', async () => {
    expect(groupAlive(child)).toBe(true);
    process.kill(-(child.pid as number), 'SIGINT');
    await expect.poll(() => groupAlive(child), { timeout: 30_000, interval: 100 }).toBe(false);
    await expect(fetch(`http://127.0.0.1:${gatewayPort}/healthz`)).rejects.toThrow();
  }, 60_000);
});

/** Whether any process of the child's process group (sh, launcher, start script, services) is still running. */
function groupAlive(child: ChildProcess): boolean {
  try {
    process.kill(-(child.pid as number), 0);
    return true;
  } catch {
    return false;
  }
}
