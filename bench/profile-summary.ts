/**
 * Where a process's CPU went, from a V8 CPU profile (`BENCH_CPU_PROF=1 npm run bench -- gateway` writes one per
 * service to bench/.results/profiles/):
 *
 *   node bench/profile-summary.ts <file.cpuprofile> [--top 25] [--from <s>] [--to <s>]
 *
 * Self time by package and by function, over the busy time (idle left out). The services run from bundles
 * (decision 0028), so each frame is mapped through the bundle's source map back to the file it came from — a
 * `node_modules/<package>/…` path names the package, anything else is ours. `--from`/`--to` cut the profile to a
 * window, in seconds from its start (e.g. one side's rounds, which show as busy stretches).
 */
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '25' }, from: { type: 'string' }, to: { type: 'string' } } });
const file = positionals[0];
if (!file) {
  console.error('usage: node bench/profile-summary.ts <file.cpuprofile> [--top N] [--from s] [--to s]');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const top = Number(values.top);
const fromUs = values.from === undefined ? -Infinity : Number(values.from) * 1e6;
const toUs = values.to === undefined ? Infinity : Number(values.to) * 1e6;

const maps = new Map<string, SourceMap | null>();
function sourceMapOf(url: string): SourceMap | null {
  if (!maps.has(url)) {
    const path = url.startsWith('file://') ? `${fileURLToPath(url)}.map` : '';
    maps.set(url, path && existsSync(path) ? new SourceMap(JSON.parse(readFileSync(path, 'utf8'))) : null);
  }
  return maps.get(url) ?? null;
}

/** The original file of a frame (through the bundle's map when there is one). */
function originalFile(frame: CallFrame): string {
  const map = frame.url && frame.lineNumber >= 0 ? sourceMapOf(frame.url) : null;
  const entry = map?.findEntry(frame.lineNumber, frame.columnNumber);
  if (!entry || !('originalSource' in entry)) return frame.url;
  return entry.originalSource.startsWith('file:') || entry.originalSource.startsWith('node:') ? entry.originalSource : new URL(entry.originalSource, frame.url).href;
}

function packageOf(path: string): string {
  if (!path) return '(native)';
  if (path.startsWith('node:')) return 'node';
  const inModules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (inModules) return inModules[1] as string;
  const ours = /(gateway|subgraphs\/[a-z]+)\/(?:src|dist)\//.exec(path);
  return ours ? `ours: ${ours[1]}` : path.slice(-50);
}

const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const byNode = new Map<number, number>();
let clock = 0;
for (let i = 0; i < profile.samples.length; i++) {
  clock += profile.timeDeltas[i] ?? 0;
  if (clock < fromUs || clock > toUs) continue;
  const id = profile.samples[i] as number;
  byNode.set(id, (byNode.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
}

const byPackage = new Map<string, number>();
const byFunction = new Map<string, number>();
let busy = 0;
let idle = 0;
for (const [id, us] of byNode) {
  const frame = (nodes.get(id) as ProfileNode).callFrame;
  if (frame.functionName === '(idle)') {
    idle += us;
    continue;
  }
  busy += us;
  const special = frame.functionName.startsWith('(') ? frame.functionName : undefined;
  const source = special ? '' : originalFile(frame);
  const pkg = special ?? packageOf(source);
  byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + us);
  const where = special ? '' : ` ${source.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/(gateway|subgraphs)\//, '$1/')}`;
  const name = `${frame.functionName || '(anonymous)'}${where}`;
  byFunction.set(name, (byFunction.get(name) ?? 0) + us);
}

const table = (title: string, totals: Map<string, number>) => {
  console.log(`\n${title}`);
  for (const [name, us] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${(us / 1000).toFixed(0).padStart(8)} ms ${((100 * us) / busy).toFixed(1).padStart(5)} %  ${name}`);
  }
};
console.log(`${file}: busy ${(busy / 1e6).toFixed(2)} s, idle ${(idle / 1e6).toFixed(2)} s`);
table('self time by package', byPackage);
table('self time by function', byFunction);
