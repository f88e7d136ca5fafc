import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const dist = fileURLToPath(new URL('../dist/app.js', import.meta.url));

describe('the gateway loads only what it needs from the kit (P5)', () => {
  // Runs the built gateway (npx tsc -b first): the import graph of Node's own loader, not vitest's aliases.
  it.skipIf(!existsSync(dist))('P5: loading gateway/dist/app.js loads neither @mikro-orm/core, type-graphql nor pg', () => {
    // A module hook records every URL Node resolves, import and require alike.
    const hook = `data:text/javascript,${encodeURIComponent(`
      import { registerHooks } from 'node:module';
      globalThis.__loaded = [];
      registerHooks({ resolve(specifier, context, next) { const r = next(specifier, context); globalThis.__loaded.push(r.url); return r; } });`)}`;
    const out = execFileSync(process.execPath, ['--import', hook, '--input-type=module', '-e', `await import(${JSON.stringify(dist)}); process.stdout.write(JSON.stringify(globalThis.__loaded));`], {
      encoding: 'utf8',
    });
    const loaded = JSON.parse(out) as string[];
    expect(loaded.some((url) => url.includes('/@kaikukanta/gateway') || url.includes('/gateway/dist/'))).toBe(true);
    expect(loaded.filter((url) => /node_modules\/(@mikro-orm|type-graphql|pg)\//.test(url))).toEqual([]);
    expect(loaded.filter((url) => /subgraphs\/kit\/dist\/index\.js$/.test(url))).toEqual([]);
  });
});
