import { suppress } from './suppression.js';

/**
 * Decision 0017: every table of one measure and year, as one set of linked cells. A cell is `key@time`:
 * - key `N` (the nation), `D=v` (a national row: REGION=…, MUNICIPALITY=…, PROVIDER=…, DISTRIBUTOR=…) or
 *   `REGION=r&D=v` (a row of region r's table); a scope's total is the same cell as its row in the table above it;
 * - time `Y` (the year), `M01`…`M12`, or `D2026-03-05` (days: only for the keys given day cells).
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
}

const add = (map: Map<string, Set<string>>, key: string, member: string) => (map.get(key) ?? map.set(key, new Set()).get(key)!).add(member);

/** The lines of the cells present (decision 0017); exported for the property test. */
export function linesOf(values: ReadonlyMap<string, number>, options: LinkOptions): string[][] {
  const lines = new Map<string, Set<string>>();
  const line = (name: string, total: string, member: string) => {
    add(lines, name, total);
    add(lines, name, member);
  };
  const keysByTime = new Map<string, Set<string>>();
  for (const id of values.keys()) {
    const at = id.lastIndexOf('@');
    add(keysByTime, id.slice(at + 1), id.slice(0, at));
  }
  for (const [time, keys] of keysByTime) {
    for (const key of keys) {
      const sub = /^REGION=([^&]*)&([A-Z_]+)=(.*)$/.exec(key);
      const row = sub ? null : /^([A-Z_]+)=(.*)$/.exec(key);
      if (sub && options.regionDims.includes(sub[2]!)) {
        const [, region, dim, value] = sub as unknown as [string, string, string, string];
        line(`r|${region}|${dim}|${time}`, cellId(`REGION=${region}`, time), cellId(key, time));
        line(`l|${dim}=${value}|${time}`, cellId(`${dim}=${value}`, time), cellId(key, time));
      }
      if (row && options.nationDims.includes(row[1]!)) line(`n|${row[1]}|${time}`, cellId('N', time), cellId(key, time));
      if (!options.additiveInTime) continue;
      if (time.startsWith('M')) line(`y|${key}`, cellId(key, 'Y'), cellId(key, time));
      if (time.startsWith('D')) line(`m|${key}|${time.slice(6, 8)}`, cellId(key, `M${time.slice(6, 8)}`), cellId(key, time));
    }
  }
  return [...lines.values()].map((members) => [...members]);
}

/** Suppresses one measure's cells once (decision 0017) and answers lookups from the result. */
export function suppressMeasure(cells: MeasureCells, options: LinkOptions): SuppressedMeasure {
  return suppressedLookup(cells.values, linesOf(cells.values, options));
}

export function suppressedLookup(values: ReadonlyMap<string, number>, lines: readonly (readonly string[])[]): SuppressedMeasure {
  const hidden = suppress({ values, lines });
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
  };
}
