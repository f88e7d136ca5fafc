import { bound, type EntityManager } from '@kaikukanta/kit';

/**
 * Adds deltas to read-model cells in one statement: rows are summed per key here first (ON CONFLICT may touch a
 * row once per statement), then inserted or added to. Never read-then-write, so concurrent appliers could not lose
 * an update even if they ever raced (the reader's position lock already keeps them apart).
 */
export class CellDeltas {
  readonly #rows = new Map<string, { key: Record<string, string>; values: Record<string, number> }>();

  constructor(
    readonly table: string,
    readonly keys: readonly (readonly [column: string, type: string])[],
    readonly values: readonly string[],
  ) {}

  add(key: Record<string, string>, values: Record<string, number>): void {
    const id = this.keys.map(([column]) => key[column]).join('\u0000');
    const row = this.#rows.get(id) ?? { key, values: Object.fromEntries(this.values.map((v) => [v, 0])) };
    for (const [name, delta] of Object.entries(values)) row.values[name] = (row.values[name] ?? 0) + delta;
    this.#rows.set(id, row);
  }

  get size(): number {
    return this.#rows.size;
  }

  async flush(em: EntityManager): Promise<void> {
    const rows = [...this.#rows.values()].filter((row) => Object.values(row.values).some((v) => v !== 0)).map((row) => ({ ...row.key, ...row.values }));
    this.#rows.clear();
    if (!rows.length) return;
    const keyColumns = this.keys.map(([column]) => column);
    const record = [...this.keys.map(([c, t]) => `${c} ${t}`), ...this.values.map((v) => `${v} int`)].join(', ');
    const all = [...keyColumns, ...this.values].join(', ');
    const adds = this.values.map((v) => `${v} = t.${v} + excluded.${v}`).join(', ');
    await bound(em, 
      `insert into statistics.${this.table} as t (${all}) select ${all} from jsonb_to_recordset(?::jsonb) as x(${record})
       on conflict (${keyColumns.join(', ')}) do update set ${adds}`,
      [JSON.stringify(rows)],
    );
  }
}

export const monthStart = (day: string) => `${day.slice(0, 7)}-01`;
export const yearStart = (day: string) => `${day.slice(0, 4)}-01-01`;
