import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cellId, linesOf } from './linked-tables.js';
import type { UsageCubeRow } from './published.repository.js';
import { USAGE, usageCells } from './published-year.js';
import { isSmallCell, suppress } from './suppression.js';

/**
 * R27, decision 0017: whatever the figures, no suppressed small cell can be worked out from what is published —
 * not from one line (a table's row or column and its margin), not by differencing two tables sharing a margin, and
 * not by any combination of the published tables' equations.
 */

type Lines = readonly (readonly string[])[];

/** Lines are written total first: total − Σ details = 0. */
function hiddenOnly(line: readonly string[], hidden: Set<string>): Map<string, number> {
  const eq = new Map<string, number>();
  line.forEach((id, i) => {
    if (hidden.has(id)) eq.set(id, (eq.get(id) ?? 0) + (i === 0 ? 1 : -1));
  });
  for (const [id, c] of eq) if (c === 0) eq.delete(id);
  return eq;
}

/** The hidden cells the published values determine exactly: those whose unit vector lies in the row space of the line equations. */
function determined(lines: Lines, hidden: Set<string>): Set<string> {
  const ids = [...hidden];
  const col = new Map(ids.map((id, i) => [id, i]));
  const rows = lines.map((line) => {
    const row = new Array<number>(ids.length).fill(0);
    for (const [id, c] of hiddenOnly(line, hidden)) row[col.get(id)!] = c;
    return row;
  }).filter((r) => r.some((v) => v !== 0));
  // Reduced row echelon form.
  let lead = 0;
  const m = rows;
  for (let r = 0; r < m.length && lead < ids.length; lead += 1) {
    let i = r;
    while (i < m.length && Math.abs(m[i]![lead]!) < 1e-9) i += 1;
    if (i === m.length) continue;
    [m[i], m[r]] = [m[r]!, m[i]!];
    const pivot = m[r]![lead]!;
    m[r] = m[r]!.map((v) => v / pivot);
    for (let k = 0; k < m.length; k += 1) {
      if (k === r) continue;
      const f = m[k]![lead]!;
      if (Math.abs(f) > 1e-9) m[k] = m[k]!.map((v, j) => v - f * m[r]![j]!);
    }
    r += 1;
  }
  const found = new Set<string>();
  for (const row of m) {
    const nz = row.flatMap((v, j) => (Math.abs(v) > 1e-9 ? [j] : []));
    if (nz.length === 1) found.add(ids[nz[0]!]!);
  }
  return found;
}

function expectSafe(values: ReadonlyMap<string, number>, lines: Lines, hidden: Set<string>) {
  for (const [id, value] of values) if (isSmallCell(value)) expect(hidden.has(id), `${id} = ${value} is hidden`).toBe(true);
  // One line: a hidden cell is never the only one in its line (it would be total − the rest).
  for (const line of lines) expect([0, 1].includes(line.filter((id) => hidden.has(id)).length) ? line.filter((id) => hidden.has(id)).length : 0, line.join(' ')).not.toBe(1);
  // Two tables sharing a margin: their lines summing to the same total, subtracted, leave never one hidden cell alone.
  const byTotal = new Map<string, (readonly string[])[]>();
  for (const line of lines) (byTotal.get(line[0]!) ?? byTotal.set(line[0]!, []).get(line[0]!)!).push(line);
  for (const group of byTotal.values()) {
    for (let a = 0; a < group.length; a += 1) {
      for (let b = a + 1; b < group.length; b += 1) {
        const diff = new Map<string, number>();
        for (const id of group[a]!.slice(1)) if (hidden.has(id)) diff.set(id, (diff.get(id) ?? 0) + 1);
        for (const id of group[b]!.slice(1)) if (hidden.has(id)) diff.set(id, (diff.get(id) ?? 0) - 1);
        const left = [...diff].filter(([, c]) => c !== 0);
        expect(left.length, `${group[a]!.join(' ')} − ${group[b]!.join(' ')}`).not.toBe(1);
      }
    }
  }
  // Any combination of every published table: no small cell is determined.
  for (const id of determined(lines, hidden)) expect(isSmallCell(values.get(id) ?? 0), `${id} = ${values.get(id)} can be worked out`).toBe(false);
}

const count = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 5, max: 40 }));

describe('R27: secondary suppression (decision 0017)', () => {
  it('R27: a random table with row and column margins never lets a small cell be solved from a margin or a combination of lines', () => {
    fc.assert(
      fc.property(fc.array(fc.array(count, { minLength: 2, maxLength: 6 }), { minLength: 2, maxLength: 6 }), (matrix) => {
        const width = Math.min(...matrix.map((r) => r.length));
        const values = new Map<string, number>();
        const put = (id: string, v: number) => v && values.set(id, v);
        matrix.forEach((r, i) => r.slice(0, width).forEach((v, j) => put(`c${i}.${j}`, v)));
        const rowTotal = (i: number) => matrix[i]!.slice(0, width).reduce((s, v) => s + v, 0);
        const colTotal = (j: number) => matrix.reduce((s, r) => s + r[j]!, 0);
        matrix.forEach((_, i) => put(`r${i}`, rowTotal(i)));
        for (let j = 0; j < width; j += 1) put(`k${j}`, colTotal(j));
        put('t', matrix.reduce((s, _, i) => s + rowTotal(i), 0));
        const lines: string[][] = [
          ...matrix.map((_, i) => [`r${i}`, ...Array.from({ length: width }, (_, j) => `c${i}.${j}`)]),
          ...Array.from({ length: width }, (_, j) => [`k${j}`, ...matrix.map((_, i) => `c${i}.${j}`)]),
          ['t', ...matrix.map((_, i) => `r${i}`)],
          ['t', ...Array.from({ length: width }, (_, j) => `k${j}`)],
        ];
        expectSafe(values, lines, suppress({ values, lines }));
      }),
      { numRuns: 400 },
    );
  });

  // 150 random years through the audit: about 4 s alone, over the unit tier's 5 s default beside the int files.
  it('R27: the linked usage tables of a year (nation and regions by place, field, venue type, registrar, distributor; months and days) never reveal a small cell, alone or differenced', { timeout: 30_000 }, () => {
    const row = fc.record({
      region: fc.constantFrom('r1', 'r2'),
      municipality: fc.constantFrom('091', '837', '905'),
      provider: fc.constantFrom('p1', 'p2', 'p3', 'p4'),
      venueType: fc.constantFrom('THEATRE', 'MUSEUM'),
      field: fc.constantFrom('CULTURE', 'SPORT'),
      registrar: fc.constantFrom('p1', 'a1'),
      distributor: fc.constantFrom('d1', 'd2', ''),
      day: fc.constantFrom('2026-01-03', '2026-01-20', '2026-02-11', '2026-03-30'),
      uses: fc.integer({ min: 1, max: 8 }),
      childTickets: fc.integer({ min: 0, max: 3 }),
    });
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 14 }), (events) => {
        // The rows the repository's grouping sets give for these events.
        const rows: UsageCubeRow[] = [];
        for (const e of events) {
          const month = Number(e.day.slice(5, 7));
          const base = { ...e, month };
          rows.push({ ...base, set: 'P', registrar: '', distributor: '', day: '' }, { ...base, set: 'R' }, { ...base, set: 'C' }, { ...base, set: 'DR' });
        }
        for (const cells of Object.values(usageCells(rows))) {
          const lines = linesOf(cells.values, USAGE);
          expectSafe(cells.values, lines, suppress({ values: cells.values, lines }));
        }
      }),
      { numRuns: 150 },
    );
  });

  it('R27: the same cells give the same suppression in every table they appear in (one decision per cell)', () => {
    const values = new Map([[cellId('N', 'Y'), 20], [cellId('REGION=a', 'Y'), 17], [cellId('REGION=b', 'Y'), 3], [cellId('FIELD=CULTURE', 'Y'), 20]]);
    const lines = linesOf(values, USAGE);
    const hidden = suppress({ values, lines });
    // REGION=b is small; its only partner in the region table is REGION=a, and the total stays.
    expect([...hidden].sort()).toEqual([cellId('REGION=a', 'Y'), cellId('REGION=b', 'Y')]);
  });
});
