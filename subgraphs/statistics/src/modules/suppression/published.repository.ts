import type { EntityManager } from '@kaikukanta/kit';

/** A usage cell of a year: by month and provider's place (set P), registrar (R) or card's distributor (C), or by day and region (DR). */
export interface UsageCubeRow {
  set: 'P' | 'R' | 'C' | 'DR';
  month: number;
  day: string;
  region: string;
  municipality: string;
  provider: string;
  venueType: string;
  field: string;
  registrar: string;
  distributor: string;
  uses: number;
  childTickets: number;
}

export interface CardCubeRow {
  set: 'P' | 'DR';
  month: number;
  day: string;
  region: string;
  municipality: string;
  distributor: string;
  granted: number;
  extended: number;
  ended: number;
  takenOutOfUse: number;
}

/** Cards active at the end of each month: `bucket` 0 sums every delta before the year, 1…12 the month's. */
export interface ActiveDeltaRow {
  bucket: number;
  region: string;
  municipality: string;
  distributor: string;
  delta: number;
}

export interface BackgroundCubeRow {
  scope: 'REGION' | 'DISTRIBUTOR';
  id: string;
  dimension: string;
  value: string;
  cards: number;
}

/** Distinct cards used in one scope (distinct_cards) at a time of the year: `Y`, `M03`, or a day of the nation or a region. */
export interface DistinctCubeRow {
  time: string;
  scopeKind: string;
  scopeId: string;
  region: string;
  cards: number;
}

const s = (v: unknown) => (v === null || v === undefined ? '' : String(v));
const n = (v: unknown) => Number(v ?? 0);

/**
 * The year's read-model cells in the shapes the published tables need (decision 0017): one grouping-sets query per
 * read model, over the day cells only (never the source tables), so a year costs the same at any volume of uses.
 */
export class PublishedFiguresRepository {
  constructor(private readonly em: EntityManager) {}

  async usage(year: number): Promise<UsageCubeRow[]> {
    const rows = await this.em.execute<Record<string, unknown>[]>(
      `with u as (select extract(month from day)::int as m, * from statistics.usage_daily where day between ? and ?)
       select case when grouping(provider_id) = 0 then 'P' when grouping(registrar) = 0 then 'R' when grouping(day) = 1 then 'C' else 'DR' end as set,
              m, day::text as day, region, municipality, provider_id::text as provider, venue_type, field, registrar, distributor, sum(uses) as uses, sum(child_tickets) as child
         from u
        group by grouping sets ((m, region, municipality, provider_id, venue_type, field), (m, registrar), (m, distributor), (day, region))
       having sum(uses) <> 0 or sum(child_tickets) <> 0`,
      [`${year}-01-01`, `${year}-12-31`],
    );
    return rows.map((r) => ({
      set: r.set as UsageCubeRow['set'],
      month: r.m === null ? Number(s(r.day).slice(5, 7)) : n(r.m),
      day: s(r.day),
      region: s(r.region),
      municipality: s(r.municipality),
      provider: s(r.provider),
      venueType: s(r.venue_type),
      field: s(r.field),
      registrar: s(r.registrar),
      distributor: s(r.distributor),
      uses: n(r.uses),
      childTickets: n(r.child),
    }));
  }

  async cards(year: number): Promise<CardCubeRow[]> {
    const rows = await this.em.execute<Record<string, unknown>[]>(
      `with c as (select extract(month from day)::int as m, * from statistics.card_daily where day between ? and ?)
       select case when grouping(day) = 1 then 'P' else 'DR' end as set,
              m, day::text as day, region, municipality, distributor_id::text as distributor,
              sum(granted) as granted, sum(extended) as extended, sum(ended) as ended, sum(taken_out_of_use) as taken
         from c
        group by grouping sets ((m, region, municipality, distributor_id), (day, region))
       having sum(granted) <> 0 or sum(extended) <> 0 or sum(ended) <> 0 or sum(taken_out_of_use) <> 0`,
      [`${year}-01-01`, `${year}-12-31`],
    );
    return rows.map((r) => ({
      set: r.set as CardCubeRow['set'],
      month: r.m === null ? Number(s(r.day).slice(5, 7)) : n(r.m),
      day: s(r.day),
      region: s(r.region),
      municipality: s(r.municipality),
      distributor: s(r.distributor),
      granted: n(r.granted),
      extended: n(r.extended),
      ended: n(r.ended),
      takenOutOfUse: n(r.taken),
    }));
  }

  async activeDeltas(year: number): Promise<ActiveDeltaRow[]> {
    const rows = await this.em.execute<Record<string, unknown>[]>(
      `select case when day < ? then 0 else extract(month from day)::int end as bucket, region, municipality, distributor_id::text as distributor, sum(active_delta) as delta
         from statistics.card_daily where day <= ? group by 1, 2, 3, 4 having sum(active_delta) <> 0`,
      [`${year}-01-01`, `${year}-12-31`],
    );
    return rows.map((r) => ({ bucket: n(r.bucket), region: s(r.region), municipality: s(r.municipality), distributor: s(r.distributor), delta: n(r.delta) }));
  }

  async background(year: number): Promise<BackgroundCubeRow[]> {
    const rows = await this.em.execute<Record<string, unknown>[]>(
      `select case when grouping(region) = 0 then 'REGION' else 'DISTRIBUTOR' end as scope, coalesce(region, distributor_id::text) as id, dimension, value, sum(cards) as cards
         from statistics.card_background where day between ? and ?
        group by grouping sets ((region, dimension, value), (distributor_id, dimension, value))
       having sum(cards) <> 0`,
      [`${year}-01-01`, `${year}-12-31`],
    );
    return rows.map((r) => ({ scope: r.scope as BackgroundCubeRow['scope'], id: s(r.id), dimension: s(r.dimension), value: s(r.value), cards: n(r.cards) }));
  }

  /** Distinct cards of the year's calendar periods in every scope (days for the nation and regions only, as the linked tables). */
  async distinctCards(year: number): Promise<DistinctCubeRow[]> {
    const rows = await this.em.execute<Record<string, unknown>[]>(
      `select period, period_start::text as start, scope_kind, scope_id, region, cards from statistics.distinct_cards
        where period_start between ? and ? and cards <> 0 and (period <> 'DAY' or scope_kind in ('NATION', 'REGION'))`,
      [`${year}-01-01`, `${year}-12-31`],
    );
    return rows.map((r) => {
      const start = s(r.start);
      const time = r.period === 'YEAR' ? 'Y' : r.period === 'MONTH' ? `M${start.slice(5, 7)}` : `D${start}`;
      return { time, scopeKind: s(r.scope_kind), scopeId: s(r.scope_id), region: s(r.region), cards: n(r.cards) };
    });
  }
}
