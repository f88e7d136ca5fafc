import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BUNDLED } from '../bundle.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Every URL Node resolves while `entry` starts, import and require alike, printed as the process exits. */
const RECORD = `data:text/javascript,${encodeURIComponent(`
  import { registerHooks } from 'node:module';
  const loaded = [];
  registerHooks({ resolve(specifier, context, next) { const r = next(specifier, context); loaded.push(r.url); return r; } });
  process.on('exit', () => process.stderr.write('\\nLOADED ' + JSON.stringify(loaded) + '\\n'));`)}`;

describe('decision 0028: each service runs from its bundle alone', () => {
  for (const [name, { dir }] of Object.entries(BUNDLED)) {
    it(`${name}: starting bundle/index.js loads nothing but its own bundle's files and Node's modules (one copy of graphql, no stray dist/)`, () => {
      const entry = `${root}${dir}/bundle/index.js`;
      expect(existsSync(entry), `${entry} is built by npm run build:server`).toBe(true);
      // Every static import is resolved before the first line runs; an invalid port then stops the service at its config.
      const port = `${name.toUpperCase()}_PORT`;
      const run = spawnSync(process.execPath, ['--import', RECORD, entry], {
        encoding: 'utf8',
        env: { ...process.env, [port]: 'not-a-port', DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', NODE_OPTIONS: '' },
        timeout: 30_000,
      });
      expect(run.stderr).toContain(`${port} must be an integer`);
      const line = run.stderr.split('\n').find((text) => text.startsWith('LOADED '));
      const loaded = JSON.parse(line?.slice('LOADED '.length) ?? '[]') as string[];
      expect(loaded).toContain(`file://${entry}`);
      expect(loaded.filter((url) => !url.startsWith('node:') && !url.startsWith(`file://${root}${dir}/bundle/`))).toEqual([]);
    });

    it(`${name}: hashes with Node's crypto, not sha.js (Apollo's fallback where \`module.require\` is missing)`, () => {
      const maps = readdirSync(`${root}${dir}/bundle`).filter((file) => file.endsWith('.js.map'));
      expect(maps.length).toBeGreaterThan(0);
      const sources = maps.flatMap((file) => (JSON.parse(readFileSync(`${root}${dir}/bundle/${file}`, 'utf8')) as { sources: string[] }).sources);
      expect(sources.some((source) => source.includes('node_modules/graphql/'))).toBe(true);
      expect(sources.filter((source) => source.includes('node_modules/sha.js/'))).toEqual([]);
    });
  }
});
