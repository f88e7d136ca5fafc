import type { EntityManager } from '@kaikukanta/kit';
import { BACKGROUND_DIMENSIONS } from '../figures/cards-figures.apply.js';
import { cellId, dayTime, MeasureCells, monthTime, suppressedLookup, suppressMeasure, type LinkOptions, type SuppressedMeasure } from './linked-tables.js';
import { PublishedFiguresRepository, type UsageCubeRow } from './published.repository.js';

export const USAGE: LinkOptions = {
  nationDims: ['REGION', 'MUNICIPALITY', 'PROVIDER', 'VENUE_TYPE', 'FIELD', 'REGISTRAR', 'DISTRIBUTOR'],
  regionDims: ['MUNICIPALITY', 'PROVIDER', 'VENUE_TYPE', 'FIELD'],
  additiveInTime: true,
};
const CARDS: LinkOptions = { nationDims: ['REGION', 'MUNICIPALITY', 'DISTRIBUTOR'], regionDims: ['MUNICIPALITY', 'DISTRIBUTOR'], additiveInTime: true };
const ACTIVE: LinkOptions = { ...CARDS, additiveInTime: false };
/** Bands every personal card has exactly one of: they add up to the cards granted (birth year is mandatory, R8). */
const ADDITIVE_BANDS = BACKGROUND_DIMENSIONS.filter((d) => d !== 'LIFE_SITUATION');
export const NOT_KNOWN = 'NOT_KNOWN';

/** Every published figure of one year, each measure suppressed once (decision 0017). Card stocks are read at month ends: the year's is December's. */
export interface PublishedYear {
  uses: SuppressedMeasure;
  childTickets: SuppressedMeasure;
  granted: SuppressedMeasure;
  extended: SuppressedMeasure;
  ended: SuppressedMeasure;
  takenOutOfUse: SuppressedMeasure;
  active: SuppressedMeasure;
  /** Keys `N`, `REGION=r` or `DISTRIBUTOR=d`, then `#DIMENSION=value` or `#TOTAL`; time `Y`. */
  background: SuppressedMeasure;
}

const placeKeys = (r: { region: string; municipality: string }) => ['N', `REGION=${r.region}`, `MUNICIPALITY=${r.municipality}`, `REGION=${r.region}&MUNICIPALITY=${r.municipality}`];

const CACHED_YEARS = 8;
const cache = new Map<string, Promise<PublishedYear>>();

/**
 * The year's published figures as of the readers' positions: computed once per (year, positions) in this process
 * and shared by every request until an event moves a position (R24: the next request after it sees it). A rebuild
 * replays to the same positions; `forgetPublishedYears` drops this process's copies (other replicas refresh with
 * the next event).
 */
export async function publishedYear(em: EntityManager, year: number): Promise<PublishedYear> {
  const [at] = await em.execute<{ at: string | null }[]>(`select string_agg(source || ':' || position, ',' order by source) as at from statistics.reader_position`);
  const key = `${year}|${at?.at ?? ''}`;
  let found = cache.get(key);
  if (!found) {
    found = computePublishedYear(em, year);
    cache.set(key, found);
    found.catch(() => cache.delete(key));
    while (cache.size > CACHED_YEARS) cache.delete(cache.keys().next().value as string);
  }
  return found;
}

export function forgetPublishedYears(): void {
  cache.clear();
}

async function computePublishedYear(em: EntityManager, year: number): Promise<PublishedYear> {
  // One snapshot for the four reads, so the tables agree with each other.
  const [usageRows, cardRows, activeRows, backgroundRows] = await em.fork().transactional(async (tx) => {
    await tx.execute('set transaction isolation level repeatable read, read only');
    // The grouping sets hash in memory instead of sorting text keys on disk (3× faster on a national year).
    await tx.execute("set local work_mem = '64MB'");
    const repo = new PublishedFiguresRepository(tx);
    return [await repo.usage(year), await repo.cards(year), await repo.activeDeltas(year), await repo.background(year)] as const;
  });

  const { uses, child } = usageCells(usageRows);

  const flows = { granted: new MeasureCells(), extended: new MeasureCells(), ended: new MeasureCells(), takenOutOfUse: new MeasureCells() };
  for (const r of cardRows) {
    const keys = r.set === 'P' ? [...placeKeys(r), `DISTRIBUTOR=${r.distributor}`, `REGION=${r.region}&DISTRIBUTOR=${r.distributor}`] : ['N', `REGION=${r.region}`];
    for (const [name, cells] of Object.entries(flows)) {
      const value = r[name as keyof typeof flows];
      if (r.set === 'P') cells.addMonth(keys, r.month, value);
      else for (const key of keys) cells.add(key, dayTime(r.day), value);
    }
  }

  // Stocks: the cards active at each month's end, as a running sum of the deltas (decision 0006).
  const active = new MeasureCells();
  const running = new Map<string, { keys: string[]; byMonth: number[] }>();
  for (const r of activeRows) {
    const id = [r.region, r.municipality, r.distributor].join('|');
    const entry = running.get(id) ?? running.set(id, { keys: [...placeKeys(r), `DISTRIBUTOR=${r.distributor}`, `REGION=${r.region}&DISTRIBUTOR=${r.distributor}`], byMonth: new Array<number>(13).fill(0) }).get(id)!;
    entry.byMonth[r.bucket] = (entry.byMonth[r.bucket] ?? 0) + r.delta;
  }
  for (const { keys, byMonth } of running.values()) {
    let stock = byMonth[0] ?? 0;
    for (let month = 1; month <= 12; month += 1) {
      stock += byMonth[month] ?? 0;
      for (const key of keys) active.add(key, monthTime(month), stock);
    }
  }

  return {
    uses: suppressMeasure(uses, USAGE),
    childTickets: suppressMeasure(child, USAGE),
    granted: suppressMeasure(flows.granted, CARDS),
    extended: suppressMeasure(flows.extended, CARDS),
    ended: suppressMeasure(flows.ended, CARDS),
    takenOutOfUse: suppressMeasure(flows.takenOutOfUse, CARDS),
    active: suppressMeasure(active, ACTIVE),
    background: backgroundTables(backgroundRows),
  };
}

/** The usage cells of a year's rows (decision 0017): one place, shared with the property test. */
export function usageCells(usageRows: readonly UsageCubeRow[]): { uses: MeasureCells; child: MeasureCells } {
  const uses = new MeasureCells();
  const child = new MeasureCells();
  for (const r of usageRows) {
    const add = (keys: string[]) => {
      uses.addMonth(keys, r.month, r.uses);
      child.addMonth(keys, r.month, r.childTickets);
    };
    const addDay = (keys: string[]) => {
      for (const key of keys) {
        uses.add(key, dayTime(r.day), r.uses);
        child.add(key, dayTime(r.day), r.childTickets);
      }
    };
    if (r.set === 'P') {
      const inRegion = (dim: string, value: string) => [`${dim}=${value}`, `REGION=${r.region}&${dim}=${value}`];
      add([...placeKeys(r), ...inRegion('PROVIDER', r.provider), ...inRegion('VENUE_TYPE', r.venueType), ...inRegion('FIELD', r.field)]);
    } else if (r.set === 'R') add([`REGISTRAR=${r.registrar}`]);
    else if (r.set === 'C') add([`DISTRIBUTOR=${r.distributor}`]);
    else addDay(['N', `REGION=${r.region}`]);
  }

  return { uses, child };
}

/**
 * R25 background bands of the year's personal cards: within a scope the additive bands sum to `#TOTAL` (the
 * birth-decade sum; a band's shortfall is its NOT_KNOWN row); across scopes every row sums from the regions and
 * from the distributors to the nation's. Life situations (a card may have several) link across scopes only.
 */
function backgroundTables(rows: Awaited<ReturnType<PublishedFiguresRepository['background']>>): SuppressedMeasure {
  const values = new Map<string, number>();
  const put = (key: string, value: number) => {
    if (value) values.set(cellId(key, 'Y'), (values.get(cellId(key, 'Y')) ?? 0) + value);
  };
  const scopes = new Set<string>(['N']);
  for (const r of rows) {
    const scope = `${r.scope}=${r.id}`;
    scopes.add(scope);
    put(`${scope}#${r.dimension}=${r.value}`, r.cards);
    if (r.scope === 'REGION') put(`N#${r.dimension}=${r.value}`, r.cards);
  }
  // Cell ids by scope and band, so that each line is built once.
  const byBand = new Map<string, string[]>();
  const index = () => {
    byBand.clear();
    for (const id of values.keys()) {
      const eq = id.indexOf('=', id.indexOf('#'));
      if (eq < 0) continue;
      const band = id.slice(0, eq);
      (byBand.get(band) ?? byBand.set(band, []).get(band)!).push(id);
    }
  };
  index();
  const sum = (ids: readonly string[]) => ids.reduce((total, id) => total + (values.get(id) ?? 0), 0);
  const lines: string[][] = [];
  for (const scope of scopes) {
    const total = sum(byBand.get(`${scope}#BIRTH_DECADE`) ?? []);
    put(`${scope}#TOTAL`, total);
    for (const dim of ADDITIVE_BANDS) {
      const shortfall = total - sum(byBand.get(`${scope}#${dim}`) ?? []);
      if (shortfall > 0) put(`${scope}#${dim}=${NOT_KNOWN}`, shortfall);
    }
  }
  index();
  for (const scope of scopes) for (const dim of ADDITIVE_BANDS) lines.push([cellId(`${scope}#TOTAL`, 'Y'), ...(byBand.get(`${scope}#${dim}`) ?? [])]);
  const others = [...scopes].filter((scope) => scope !== 'N');
  for (const id of values.keys()) {
    if (!id.startsWith('N#')) continue;
    const rest = id.slice(1);
    for (const kind of ['REGION=', 'DISTRIBUTOR=']) lines.push([id, ...others.filter((scope) => scope.startsWith(kind)).map((scope) => `${scope}${rest}`).filter((m) => values.has(m))]);
  }
  return suppressedLookup(values, lines);
}
