import { suppress } from './suppression.js';

/**
 * Decision 0017: every table of one measure and year, as one set of linked cells. A cell is `key@time`:
 * - key `N` (the nation), `D=v` (a national row: REGION=…, MUNICIPALITY=…, PROVIDER=…, DISTRIBUTOR=…) or
 *   `REGION=r&D=v` (a row of region r's table); a scope's total is the same cell as its row in the table above it;
 * - time `Y` (the year), `M01`…`M12`, or `D2026-03-05` (days: the nation and regions only).
 * Lines: each table's rows sum to its total; a region's rows sum to the national row (`MUNICIPALITY=x` = Σ
 * `REGION=r&MUNICIPALITY=x`); for flows, months sum to the year and days to their month.
 */
export const cellId = (key: string, time: string) => `${key}@${time}`;
export const monthTime = (month: number) => `M${String(month).padStart(2, '0')}`;
export const dayTime = (day: string) => `D${day}`;

export interface LinkOptions {
  nationDims: readonly string[];
  regionDims: readonly string[];
  /** Flows add up over time (months → year, days → month); stocks do not. */
  additiveInTime: boolean;
}

export class MeasureCells {
  readonly values = new Map<string, number>();

  add(key: string, time: string, value: number): void {
    if (!value) return;
    const id = cellId(key, time);
    this.values.set(id, (this.values.get(id) ?? 0) + value);
  }

  /** Adds a value at the month and, for flows, the year. */
  addMonth(keys: readonly string[], month: number, value: number, year = true): void {
    for (const key of keys) {
      this.add(key, monthTime(month), value);
      if (year) this.add(key, 'Y', value);
    }
  }
}

export interface SuppressedMeasure {
  value(key: string, time: string): number;
  suppressed(key: string, time: string): boolean;
  /** The keys with a non-zero cell at `time` matching `prefix` (e.g. `REGION=r&FIELD=`), with the rest of the key. */
  rows(prefix: string, time: string): string[];
  /** What a published snapshot stores (decision 0019): every cell's value and the hidden cells' ids. */
  stored(): StoredMeasure;
}

export interface StoredMeasure {
  cells: [string, number][];
  hidden: string[];
}

interface ParsedKey {
  /** For a region's row: the line of the region's table and the line to the national row. */
  regional: [string, string, string] | null;
  /** For a national row: its dimension. */
  nationDim: string | null;
}

function parseKey(key: string, options: LinkOptions): ParsedKey {
  const sub = /^REGION=([^&]*)&([A-Z_]+)=(.*)$/.exec(key);
  if (sub) {
    const [, region, dim, value] = sub as unknown as [string, string, string, string];
    return { regional: options.regionDims.includes(dim) ? [`REGION=${region}`, `${region}|${dim}`, `${dim}=${value}`] : null, nationDim: null };
  }
  const row = /^([A-Z_]+)=/.exec(key);
  return { regional: null, nationDim: row && options.nationDims.includes(row[1]!) ? row[1]! : null };
}

/** The lines of the cells present (decision 0017); exported for the property test. Each line is written total first. */
export function linesOf(values: ReadonlyMap<string, number>, options: LinkOptions): string[][] {
  const lines = new Map<string, string[]>();
  const line = (name: string, total: string, member: string) => {
    const found = lines.get(name);
    if (found) found.push(member);
    else lines.set(name, [total, member]);
  };
  const parsed = new Map<string, ParsedKey>();
  for (const id of values.keys()) {
    const at = id.lastIndexOf('@');
    const key = id.slice(0, at);
    const time = id.slice(at + 1);
    let p = parsed.get(key);
    if (!p) parsed.set(key, (p = parseKey(key, options)));
    if (p.regional) {
      const [regionKey, table, nationalRow] = p.regional;
      line(`r|${table}|${time}`, cellId(regionKey, time), id);
      line(`l|${nationalRow}|${time}`, cellId(nationalRow, time), id);
    }
    if (p.nationDim) line(`n|${p.nationDim}|${time}`, cellId('N', time), id);
    if (!options.additiveInTime) continue;
    if (time.charCodeAt(0) === 77 /* M */) line(`y|${key}`, cellId(key, 'Y'), id);
    else if (time.charCodeAt(0) === 68 /* D */) line(`m|${key}|${time.slice(6, 8)}`, cellId(key, `M${time.slice(6, 8)}`), id);
  }
  return [...lines.values()];
}

/** Suppresses one measure's cells once (decision 0017) and answers lookups from the result. */
export function suppressMeasure(cells: MeasureCells, options: LinkOptions): SuppressedMeasure {
  return suppressedLookup(cells.values, linesOf(cells.values, options));
}

export function suppressedLookup(values: ReadonlyMap<string, number>, lines: readonly (readonly string[])[]): SuppressedMeasure {
  return lookup(values, suppress({ values, lines }));
}

/** A measure as stored in a published snapshot, answering as it did when it was suppressed (decision 0019). */
export function storedLookup(stored: StoredMeasure): SuppressedMeasure {
  return lookup(new Map(stored.cells), new Set(stored.hidden));
}

function lookup(values: ReadonlyMap<string, number>, hidden: ReadonlySet<string>): SuppressedMeasure {
  return {
    value: (key, time) => values.get(cellId(key, time)) ?? 0,
    suppressed: (key, time) => hidden.has(cellId(key, time)),
    rows(prefix, time) {
      const suffix = `@${time}`;
      const found: string[] = [];
      for (const id of values.keys()) {
        if (!id.endsWith(suffix) || !id.startsWith(prefix)) continue;
        const rest = id.slice(prefix.length, id.length - suffix.length);
        if (!rest.includes('&')) found.push(rest);
      }
      return found.sort();
    },
    stored: () => ({ cells: [...values], hidden: [...hidden] }),
  };
}
