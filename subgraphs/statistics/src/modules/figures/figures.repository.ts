import type { EntityManager } from '@kaikukanta/kit';
import type { BackgroundDimension } from './cards-figures.apply.js';
import type { Dimension, Period, Scope } from './figures.model.js';
import { NATION_ID } from './usage-figures.apply.js';

export interface CardRow {
  key: string;
  granted: number;
  extended: number;
  ended: number;
  takenOutOfUse: number;
  active: number;
}
export interface UsageRow {
  key: string;
  uses: number;
  childTickets: number;
}
export interface CountRow {
  key: string;
  value: number;
}

const TOTAL = "'TOTAL'";
const TIME: Partial<Record<Dimension, string>> = { MONTH: "to_char(day, 'YYYY-MM')", DAY: 'day::text' };
const CARD_KEYS: Partial<Record<Dimension, string>> = { REGION: 'region', MUNICIPALITY: 'municipality', DISTRIBUTOR: 'distributor_id::text', CARD_KIND: 'card_kind', ...TIME };
const USAGE_KEYS: Partial<Record<Dimension, string>> = {
  REGION: 'region',
  MUNICIPALITY: 'municipality',
  DISTRIBUTOR: 'distributor',
  PROVIDER: 'provider_id::text',
  REGISTRAR: 'registrar',
  VENUE_TYPE: 'venue_type',
  FIELD: 'field',
  EVENT_KIND: 'event_kind',
  CARD_KIND: 'card_kind',
  ...TIME,
};

function cardScope(scope: Scope): [string, unknown[]] {
  switch (scope.kind) {
    case 'NATION':
      return ['true', []];
    case 'REGION':
      return ['region = ?', [scope.id]];
    case 'MUNICIPALITY':
      return ['municipality = ?', [scope.id]];
    case 'DISTRIBUTOR':
      return ['distributor_id = ?::uuid', [scope.id]];
    default:
      return ['false', []];
  }
}

function usageScope(scope: Scope): [string, unknown[]] {
  switch (scope.kind) {
    case 'NATION':
      return ['true', []];
    case 'REGION':
      return ['region = ?', [scope.id]];
    case 'MUNICIPALITY':
      return ['municipality = ?', [scope.id]];
    case 'DISTRIBUTOR':
      return ['distributor = ?', [scope.id]];
    case 'PROVIDER':
      return ['provider_id = ?::uuid', [scope.id]];
    case 'REGISTRAR':
      return ['registrar = ?', [scope.id]];
  }
}

const num = (value: unknown) => Number(value ?? 0);

/** Queries over the read models only (never the source tables): sums of day cells, so any period costs the same. */
export class FiguresRepository {
  constructor(private readonly em: EntityManager) {}

  /** R6, R25: cards granted, extended, ended and taken out of use in the period; active on its last day (or each month's / day's last day). */
  async cards(period: Period, scope: Scope, by: Dimension | null): Promise<CardRow[]> {
    const key = by ? (CARD_KEYS[by] as string) : TOTAL;
    const [where, params] = cardScope(scope);
    const flows = await this.em.execute<Record<string, unknown>[]>(
      `select ${key} as key, sum(granted) as granted, sum(extended) as extended, sum(ended) as ended, sum(taken_out_of_use) as taken
         from statistics.card_daily where day between ? and ? and ${where} group by 1`,
      [period.from, period.to, ...params],
    );
    let stocks: Record<string, unknown>[];
    if (by === 'MONTH' || by === 'DAY') {
      // Active at the end of each month (or on each day) of the period, as of that day.
      const step = by === 'MONTH' ? "'1 month'" : "'1 day'";
      const label = by === 'MONTH' ? "to_char(s, 'YYYY-MM')" : 's::date::text';
      const last = by === 'MONTH' ? "least((s + interval '1 month' - interval '1 day')::date, ?::date)" : 's::date';
      stocks = await this.em.execute<Record<string, unknown>[]>(
        `select ${label} as key, (select coalesce(sum(active_delta), 0) from statistics.card_daily where day <= ${last} and ${where}) as active
           from generate_series(date_trunc(${by === 'MONTH' ? "'month'" : "'day'"}, ?::date), ?::date, ${step}) s`,
        [...(by === 'MONTH' ? [period.to] : []), ...params, period.from, period.to],
      );
    } else {
      stocks = await this.em.execute<Record<string, unknown>[]>(`select ${key} as key, sum(active_delta) as active from statistics.card_daily where day <= ? and ${where} group by 1`, [period.to, ...params]);
    }
    const rows = new Map<string, CardRow>();
    const row = (k: string) => rows.get(k) ?? rows.set(k, { key: k, granted: 0, extended: 0, ended: 0, takenOutOfUse: 0, active: 0 }).get(k)!;
    for (const f of flows) Object.assign(row(String(f.key)), { granted: num(f.granted), extended: num(f.extended), ended: num(f.ended), takenOutOfUse: num(f.taken) });
    for (const s of stocks) if (num(s.active) !== 0 || rows.has(String(s.key))) row(String(s.key)).active = num(s.active);
    return [...rows.values()].filter((r) => r.granted || r.extended || r.ended || r.takenOutOfUse || r.active).sort((a, b) => a.key.localeCompare(b.key));
  }

  /** R25: uses (one adult ticket each) and child tickets in the period. */
  async usage(period: Period, scope: Scope, by: Dimension | null): Promise<UsageRow[]> {
    const key = by ? (USAGE_KEYS[by] as string) : TOTAL;
    const [where, params] = usageScope(scope);
    const rows = await this.em.execute<Record<string, unknown>[]>(
      `select ${key} as key, sum(uses) as uses, sum(child_tickets) as child from statistics.usage_daily where day between ? and ? and ${where} group by 1 having sum(uses) <> 0 or sum(child_tickets) <> 0 order by 1`,
      [period.from, period.to, ...params],
    );
    return rows.map((r) => ({ key: String(r.key), uses: num(r.uses), childTickets: num(r.child) }));
  }

  /** R25: personal cards granted in the period by one background band. */
  async background(period: Period, scope: Scope, dimension: BackgroundDimension): Promise<CountRow[]> {
    const [where, params] = cardScope(scope);
    const rows = await this.em.execute<Record<string, unknown>[]>(
      `select value as key, sum(cards) as value from statistics.card_background where day between ? and ? and dimension = ? and ${where} group by 1 having sum(cards) <> 0 order by 1`,
      [period.from, period.to, dimension, ...params],
    );
    return rows.map((r) => ({ key: String(r.key), value: num(r.value) }));
  }

  /**
   * R25: distinct cards used in the period within the scope, broken down by `by`. A calendar day, month or year
   * is read from `distinct_cards`; any other range counts distinct ids over the day rows (exact, slower). Months
   * and days break down any scope; places and fields break down the nation, and a region by its municipalities,
   * providers and fields (the scopes `distinct_cards` keeps).
   */
  async distinctCards(period: Period, scope: Scope, by: Dimension | null): Promise<CountRow[]> {
    const { kind: scopeKind, id: scopeId } = distinctScope(scope);
    const grain = calendarGrain(period);
    if (by === 'MONTH' && !(period.from.endsWith('-01') && period.to === lastDayOfMonth(period.to))) {
      // A range that starts or ends inside a month: its part of that month counted from the day rows (exact, slower).
      const rows = await this.em.execute<Record<string, unknown>[]>(
        `select to_char(period_start, 'YYYY-MM') as key, count(distinct card_id) as value from statistics.card_use
          where period = 'DAY' and scope_kind = ? and scope_id = ? and period_start between ? and ? and uses > 0 group by 1 order by 1`,
        [scopeKind, scopeId, period.from, period.to],
      );
      return rows.map((r) => ({ key: String(r.key), value: num(r.value) }));
    }
    if (by === 'MONTH' || by === 'DAY') {
      const rows = await this.em.execute<Record<string, unknown>[]>(
        `select ${by === 'MONTH' ? "to_char(period_start, 'YYYY-MM')" : 'period_start::text'} as key, cards as value from statistics.distinct_cards
          where period = ? and scope_kind = ? and scope_id = ? and period_start between ? and ? and cards <> 0 order by 1`,
        [by, scopeKind, scopeId, by === 'MONTH' ? `${period.from.slice(0, 7)}-01` : period.from, period.to],
      );
      return rows.map((r) => ({ key: String(r.key), value: num(r.value) }));
    }
    const [kind, filter, params, label] = breakdown(scope, by, scopeKind, scopeId);
    if (grain) {
      const rows = await this.em.execute<Record<string, unknown>[]>(
        `select ${label} as key, cards as value from statistics.distinct_cards where period = ? and period_start = ? and scope_kind = ? and ${filter} and cards <> 0 order by 1`,
        [grain, period.from, kind, ...params],
      );
      return rows.map((r) => ({ key: String(r.key), value: num(r.value) }));
    }
    const rows = await this.em.execute<Record<string, unknown>[]>(
      `select ${label} as key, count(distinct card_id) as value from statistics.card_use c
         where period = 'DAY' and period_start between ? and ? and scope_kind = ? and ${filter} and uses > 0 group by 1 order by 1`,
      [period.from, period.to, kind, ...params],
    );
    return rows.map((r) => ({ key: String(r.key), value: num(r.value) }));
  }

  /**
   * A culture officer's providers (decision 0022): those whose every use in the period that counts for `region`
   * counts for `municipality` as well — so their row of the region's tables tells of the municipality alone.
   */
  async providersOnlyIn(period: Period, region: string, municipality: string): Promise<string[]> {
    const rows = await this.em.execute<{ provider: string }[]>(
      `select provider_id::text as provider from statistics.usage_daily where day between ? and ? and region = ? and (uses <> 0 or child_tickets <> 0)
         group by 1 having bool_and(municipality = ?) order by 1`,
      [period.from, period.to, region, municipality],
    );
    return rows.map((r) => r.provider);
  }

  /** Municipalities with at least one use in the period within the scope (R25 "municipalities taking part"). */
  async municipalities(period: Period, scope: Scope): Promise<number> {
    const [where, params] = usageScope(scope);
    const [row] = await this.em.execute<{ n: string }[]>(
      `select count(*) as n from (select municipality from statistics.usage_daily where day between ? and ? and ${where} and municipality <> '' group by 1 having sum(uses) > 0) m`,
      [period.from, period.to, ...params],
    );
    return num(row?.n);
  }
}

function distinctScope(scope: Scope): { kind: string; id: string } {
  return scope.kind === 'NATION' ? { kind: 'NATION', id: NATION_ID } : { kind: scope.kind, id: scope.id ?? '' };
}

/** Which distinct-card rows answer a breakdown inside a scope: [scope kind of the rows, filter, params, key]. */
function breakdown(scope: Scope, by: Dimension | null, scopeKind: string, scopeId: string): [string, string, unknown[], string] {
  if (!by) return [scopeKind, 'scope_id = ?', [scopeId], TOTAL];
  const inRegion = scope.kind === 'REGION';
  if (by === 'FIELD') return inRegion ? ['REGION_FIELD', 'region = ?', [scopeId], "split_part(scope_id, ':', 2)"] : ['FIELD', 'true', [], 'scope_id'];
  if (by === 'MUNICIPALITY' || by === 'PROVIDER') return [by, inRegion ? 'region = ?' : 'true', inRegion ? [scopeId] : [], 'scope_id'];
  return [by, 'true', [], 'scope_id'];
}

/** 'YEAR', 'MONTH' or 'DAY' when the period is exactly one calendar year, month or day; null otherwise. */
export function calendarGrain(period: Period): 'YEAR' | 'MONTH' | 'DAY' | null {
  const { from, to } = period;
  if (from === to) return 'DAY';
  if (from.endsWith('-01-01') && to === `${from.slice(0, 4)}-12-31`) return 'YEAR';
  if (from.endsWith('-01') && to.slice(0, 7) === from.slice(0, 7) && to === lastDayOfMonth(from)) return 'MONTH';
  return null;
}

export function lastDayOfMonth(day: string): string {
  const [y, m] = [Number(day.slice(0, 4)), Number(day.slice(5, 7))];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}
