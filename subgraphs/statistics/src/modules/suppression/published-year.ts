import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import type { EntityManager } from '@kaikukanta/kit';
import { BACKGROUND_DIMENSIONS } from '../figures/cards-figures.apply.js';
import { cellId, dayTime, MeasureCells, monthTime, storedLookup, suppressedLookup, suppressMeasure, type LinkOptions, type StoredMeasure, type SuppressedMeasure } from './linked-tables.js';
import { PublishedFiguresRepository, type DistinctCubeRow, type UsageCubeRow } from './published.repository.js';

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
  /** Distinct cards used, by the same keys and times as uses (no venue types): not additive, primary suppression only. */
  distinct: DistinctCards;
}

export interface DistinctCards {
  cells: ReadonlyMap<string, number>;
  value(key: string, time: string): number;
}

const MEASURES = ['uses', 'childTickets', 'granted', 'extended', 'ended', 'takenOutOfUse', 'active', 'background'] as const;
type Measure = (typeof MEASURES)[number];
const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

const placeKeys = (r: { region: string; municipality: string }) => ['N', `REGION=${r.region}`, `MUNICIPALITY=${r.municipality}`, `REGION=${r.region}&MUNICIPALITY=${r.municipality}`];

/** What identifies a year's tables: the rebuild generation and the readers' positions they were computed at (decision 0019). */
export interface YearIdentity {
  generation: number;
  positions: string;
}

/** Reads the generation and the positions in one statement (inside a snapshot: those the snapshot's read models are at). */
export async function identityNow(em: EntityManager): Promise<YearIdentity> {
  const [row] = await em.execute<{ generation: number | null; at: string | null }[]>(
    `select (select generation from statistics.publication_generation where id = 1) as generation,
            (select string_agg(source || ':' || position, ',' order by source) from statistics.reader_position) as at`,
  );
  return { generation: Number(row?.generation ?? 1), positions: row?.at ?? '' };
}

export const identityKey = (year: number, id: YearIdentity) => `${year}|${id.generation}|${id.positions}`;

const CACHED_YEARS = 8;
const cache = new Map<string, { tables: Promise<PublishedYear>; at: Date }>();

/** This process's copy of a year's tables by identity (decision 0019): shared by every request that is served them. */
export function cachedYear(key: string): { tables: Promise<PublishedYear>; at: Date } | undefined {
  return cache.get(key);
}

export function cacheYear(key: string, tables: Promise<PublishedYear>, at = new Date()): Promise<PublishedYear> {
  cache.set(key, { tables, at });
  tables.catch(() => cache.delete(key));
  while (cache.size > CACHED_YEARS) cache.delete(cache.keys().next().value as string);
  return tables;
}

/**
 * Per event (`STATISTICS_PUBLISH_INTERVAL_MS=0`): the year's tables as of the readers' positions now, computed once
 * per (year, generation, positions) in this process. A rebuild moves the generation, so every replica drops its copy.
 */
export async function currentYear(em: EntityManager, year: number): Promise<{ tables: PublishedYear; at: Date }> {
  const key = identityKey(year, await identityNow(em));
  if (!cachedYear(key)) cacheYear(key, computePublishedYear(em, year).then((c) => c.tables));
  const found = cachedYear(key)!;
  return { tables: await found.tables, at: found.at };
}

/** Drops this process's copies (the bench measures a computation). */
export function forgetPublishedYears(): void {
  cache.clear();
}

/** Stores a year's tables as a published snapshot does: gzipped JSON of every measure's cells and hidden cells. */
export async function encodePublishedYear(tables: PublishedYear): Promise<Buffer> {
  const stored = Object.fromEntries(MEASURES.map((m) => [m, tables[m].stored()]));
  return gzipAsync(Buffer.from(JSON.stringify({ ...stored, distinct: [...tables.distinct.cells] })));
}

export async function decodePublishedYear(blob: Buffer): Promise<PublishedYear> {
  const stored = JSON.parse((await gunzipAsync(blob)).toString('utf8')) as Record<Measure, StoredMeasure> & { distinct: [string, number][] };
  const measures = Object.fromEntries(MEASURES.map((m) => [m, storedLookup(stored[m])])) as Record<Measure, SuppressedMeasure>;
  return { ...measures, distinct: distinctLookup(new Map(stored.distinct)) };
}

const distinctLookup = (cells: ReadonlyMap<string, number>): DistinctCards => ({ cells, value: (key, time) => cells.get(cellId(key, time)) ?? 0 });

/** The year's tables computed from the read models in one snapshot, with the identity of that snapshot. */
export async function computePublishedYear(em: EntityManager, year: number): Promise<{ tables: PublishedYear; identity: YearIdentity }> {
  // One snapshot for the reads, so the tables agree with each other and with the identity they are stored under.
  const [identity, usageRows, cardRows, activeRows, backgroundRows, distinctRows] = await em.fork().transactional(async (tx) => {
    await tx.execute('set transaction isolation level repeatable read, read only');
    // A publication (decision 0019), not a request: a national year may take longer than a request may.
    await tx.execute("set local statement_timeout = '120s'");
    // The grouping sets hash in memory instead of sorting text keys on disk (3× faster on a national year).
    await tx.execute("set local work_mem = '64MB'");
    const repo = new PublishedFiguresRepository(tx);
    return [await identityNow(tx), await repo.usage(year), await repo.cards(year), await repo.activeDeltas(year), await repo.background(year), await repo.distinctCards(year)] as const;
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

  const distinct = new Map<string, number>();
  for (const r of distinctRows) for (const key of distinctKeys(r)) distinct.set(cellId(key, r.time), r.cards);

  const tables: PublishedYear = {
    uses: suppressMeasure(uses, USAGE),
    childTickets: suppressMeasure(child, USAGE),
    granted: suppressMeasure(flows.granted, CARDS),
    extended: suppressMeasure(flows.extended, CARDS),
    ended: suppressMeasure(flows.ended, CARDS),
    takenOutOfUse: suppressMeasure(flows.takenOutOfUse, CARDS),
    active: suppressMeasure(active, ACTIVE),
    background: backgroundTables(backgroundRows),
    distinct: distinctLookup(distinct),
  };
  return { tables, identity };
}

/**
 * The keys a distinct-cards row answers in the linked tables' terms (decision 0017): a scope's total, a national
 * row, and a region's row for the municipalities, providers and fields that lie in it.
 */
function distinctKeys(r: DistinctCubeRow): string[] {
  switch (r.scopeKind) {
    case 'NATION':
      return ['N'];
    case 'MUNICIPALITY':
    case 'PROVIDER':
      return [`${r.scopeKind}=${r.scopeId}`, ...(r.region ? [`REGION=${r.region}&${r.scopeKind}=${r.scopeId}`] : [])];
    case 'REGION_FIELD':
      return [`REGION=${r.region}&FIELD=${r.scopeId.split(':')[1] ?? ''}`];
    default:
      return [`${r.scopeKind}=${r.scopeId}`];
  }
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
