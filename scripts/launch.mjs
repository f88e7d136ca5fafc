// `npm start`, `npm test` and `npm run bench` go through here.
//
// Plain JavaScript on purpose: it runs on whatever Node ≥ 20 the user has. It
// installs the locked dependencies when needed (including the pinned Node 24,
// npm package `node`), then runs every later step on that Node by its absolute
// path. Why not `… && npm run build && node scripts/start.ts` in package.json:
// the shell running an npm script looks `node` up once, before the install
// created node_modules/.bin/node, and keeps using the old one for the rest of
// the line — a fresh clone's first `npm start` died on Node 20 (issue 7).
//
//   node scripts/launch.mjs start         build what changed, start the system
//   node scripts/launch.mjs test [args]   build, check, run every test (args go to vitest)
//   node scripts/launch.mjs bench [args]  build the servers, run the benchmarks
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDependencies } from './ensure-deps.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'node_modules', '.bin');
const say = (line) => console.log(`[kaikukanta] ${line}`);

/** Environment of every child: the project's own tools, Node 24 included, come first on the PATH. */
function childEnv() {
  return { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}` };
}

/** The pinned Node, by absolute path (never a PATH lookup). */
function pinnedNode() {
  const node = path.join(bin, process.platform === 'win32' ? 'node.cmd' : 'node');
  if (!existsSync(node)) throw new Error(`the pinned Node is missing at ${node}; delete node_modules and try again`);
  return node;
}

/** Runs a step to completion; a failing step ends the launch with its exit code. */
function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: childEnv() });
  if (result.error) throw result.error;
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const runScript = (name) => run(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '--silent', name]);
const runNode = (args) => run(pinnedNode(), args);

// The web app is rebuilt only when what it is built from changed: a second `npm start` is fast.
const WEB_INPUTS = ['web/src', 'web/static', 'web/package.json', 'web/vite.config.ts', 'web/tsconfig.json', 'schema/api.graphql', 'package-lock.json'];
const WEB_STAMP = 'web/build/.source-hash';

function filesUnder(relative) {
  const full = path.join(root, relative);
  if (!existsSync(full)) return [];
  if (!statSync(full).isDirectory()) return [relative];
  return readdirSync(full, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => filesUnder(path.join(relative, entry.name)));
}

/** A hash of the web app's sources (paths and contents), stored beside the build it produced. */
export function webSourceHash() {
  const hash = createHash('sha256');
  for (const file of WEB_INPUTS.flatMap(filesUnder)) hash.update(file).update('\0').update(readFileSync(path.join(root, file))).update('\0');
  return hash.digest('hex');
}

function buildWeb() {
  const wanted = webSourceHash();
  const stamp = path.join(root, WEB_STAMP);
  if (existsSync(path.join(root, 'web/build/index.html')) && existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted) {
    say('web app is up to date (not rebuilt)');
    return;
  }
  runScript('build:web');
  writeFileSync(stamp, wanted);
}

function build({ web }) {
  runScript('build:server');
  if (web) buildWeb();
}

/** Starts the long-running step; Ctrl-C reaches it with the terminal's process group, so only SIGTERM is forwarded. */
function handOver(args) {
  const child = spawn(pinnedNode(), args, { cwd: root, stdio: 'inherit', env: childEnv() });
  process.on('SIGINT', () => undefined);
  process.on('SIGTERM', () => child.kill('SIGTERM'));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

const [command, ...rest] = process.argv.slice(2);
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  ensureDependencies(root);
  switch (command) {
    case 'start':
      build({ web: true });
      handOver(['scripts/start.ts', ...rest]);
      break;
    case 'test':
      build({ web: true });
      runScript('check');
      runNode([path.join(root, 'node_modules/vitest/vitest.mjs'), 'run', ...rest]);
      break;
    case 'bench':
      build({ web: false });
      runNode(['bench/run.ts', ...rest]);
      break;
    default:
      console.error('usage: node scripts/launch.mjs start | test [vitest args] | bench [args]');
      process.exit(2);
  }
}
