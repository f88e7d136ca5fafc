/**
 * `npm run bench` (builds the server packages first): runs every benchmark, or
 * those named on the command line (`npm run bench -- entity-batching`), against
 * the PostgreSQL in DATABASE_URL or a throw-away embedded one, and prints each
 * one's table. Figures are ratios against a baseline measured in the same run
 * (ARCHITECTURE "Testing"); nothing here asserts an absolute time, and CI does
 * not run it. Raw figures go to bench/.results/<name>.json (git-ignored).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { scratchServer } from '../scripts/lib/database.ts';
import { entityBatching } from './entity-batching.ts';
import { gatewayBenchmark } from './gateway.ts';
import { liveSubscriptions } from './live-subscriptions.ts';
import { statisticsQuery } from './statistics.ts';
import { usageImport } from './usage-import.ts';
import { usageRegistration } from './usage-registration.ts';
import type { Benchmark } from './lib/benchmark.ts';

const BENCHMARKS: Benchmark[] = [entityBatching, usageRegistration, liveSubscriptions, usageImport, statisticsQuery, gatewayBenchmark];
/**
 * Each benchmark is bounded by design; this only stops a hung one. Per benchmark, not per run (the six together take
 * longer than one limit); BENCH_LIMIT_MS raises it for a soak (e.g. BENCH_GATEWAY_MIXED_MS of ten minutes).
 */
const RUN_LIMIT_MS = Number(process.env.BENCH_LIMIT_MS ?? 5 * 60_000);

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !BENCHMARKS.some((b) => b.name === name));
if (unknown.length) {
  console.error(`[bench] unknown benchmark(s): ${unknown.join(', ')}; there are: ${BENCHMARKS.map((b) => b.name).join(', ')}`);
  process.exit(64);
}
const selected = wanted.length ? BENCHMARKS.filter((b) => wanted.includes(b.name)) : BENCHMARKS;

let watchdog: NodeJS.Timeout | undefined;
const watch = (name: string) => {
  clearTimeout(watchdog);
  watchdog = setTimeout(() => {
    console.error(`[bench] ${name} still running after ${RUN_LIMIT_MS / 1000} s; giving up (BENCH_LIMIT_MS to allow more)`);
    process.exit(1);
  }, RUN_LIMIT_MS);
  watchdog.unref();
};

const log = (line: string) => console.log(`[bench] ${line}`);
log(`node ${process.version}, ${os.cpus().length} cores, ${process.env.DATABASE_URL ? 'PostgreSQL from DATABASE_URL' : 'embedded PostgreSQL'}`);
const server = await scratchServer();
const resultsDir = new URL('./.results/', import.meta.url);
let failed = false;
try {
  for (const benchmark of selected) {
    console.log(`\n## ${benchmark.name}: ${benchmark.title}\n`);
    watch(benchmark.name);
    try {
      const started = performance.now();
      const result = await benchmark.run({ adminUrl: server.adminUrl, log });
      console.log(`\n${result.table}\n`);
      for (const note of result.notes) console.log(`  ${note}`);
      await mkdir(resultsDir, { recursive: true });
      const file = new URL(`${benchmark.name}.json`, resultsDir);
      const meta = { benchmark: benchmark.name, at: new Date().toISOString(), node: process.version, cores: os.cpus().length };
      await writeFile(file, `${JSON.stringify({ ...meta, figures: result.data }, null, 2)}\n`);
      log(`${benchmark.name} done in ${((performance.now() - started) / 1000).toFixed(1)} s; figures in ${file.pathname}`);
    } catch (error) {
      failed = true;
      console.error(`[bench] ${benchmark.name} failed:`, error);
    }
  }
} finally {
  await server.stop();
}
process.exit(failed ? 1 : 0);
