import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = new URL('../../', import.meta.url).pathname;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.(ts|svelte)$/.test(entry.name) && !entry.name.endsWith('.spec.ts') && entry.name !== 'generated.ts' ? [path] : [];
  });
}

const files = sources(SRC).map((path) => ({ path: relative(SRC, path), text: readFileSync(path, 'utf8') }));
const importsOf = (text: string) => [...text.matchAll(/from\s+'([^']+)'/g)].map((m) => m[1] ?? '');

describe('web layering (P4): graphql ← state ← services ← components and routes', () => {
  it('finds the sources it scans', () => {
    expect(files.some((f) => f.path === 'lib/services/mutate.ts')).toBe(true);
    expect(files.length).toBeGreaterThan(30);
  });

  it('no file outside lib/services calls client.mutation: every write goes through services/mutate.ts', () => {
    const offenders = files.filter((f) => !f.path.startsWith('lib/services/') && /\bclient\s*\.\s*mutation\s*\(/.test(f.text)).map((f) => f.path);
    expect(offenders).toEqual([]);
  });

  it('inside lib/services only mutate.ts calls client.mutation (the one choke point for idempotency keys and the offline queue)', () => {
    const callers = files.filter((f) => f.path.startsWith('lib/services/') && /\bclient\s*\.\s*mutation\s*\(/.test(f.text)).map((f) => f.path);
    expect(callers).toEqual(['lib/services/mutate.ts']);
  });

  it('lib/graphql imports neither state nor services, and lib/state imports no services', () => {
    const upward = files.flatMap((f) => {
      const banned = f.path.startsWith('lib/graphql/') ? /(^|\/)(state|services)\// : f.path.startsWith('lib/state/') ? /(^|\/)services\// : null;
      return banned ? importsOf(f.text).filter((spec) => banned.test(spec)).map((spec) => `${f.path} → ${spec}`) : [];
    });
    expect(upward).toEqual([]);
  });
});
