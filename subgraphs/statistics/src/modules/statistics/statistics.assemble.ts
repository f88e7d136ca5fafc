import type { Dimension, Period, Scope } from '../figures/figures.model.js';
import type { FiguresRepository, UsageRow } from '../figures/figures.repository.js';
import { dayTime, monthTime, type SuppressedMeasure } from '../suppression/linked-tables.js';
import type { PublishedYear } from '../suppression/published-year.js';
import { isSmallCell } from '../suppression/suppression.js';
import { CardFiguresType, FigureRowType, FigureType, StatisticsType, UsageFiguresType } from './statistics.type.js';

/** One scope's place in the year's linked tables: its key and the time asked for (`Y`, `M03`, `D2026-03-05`). */
export interface Published {
  year: PublishedYear;
  yearNumber: number;
  key: string;
  time: string;
}

const CARD_SCOPES = new Set(['NATION', 'REGION', 'MUNICIPALITY', 'DISTRIBUTOR']);

/** Distinct cards do not add up (a card used in two months counts once in the year): primary suppression only (decision 0017). */
export const distinctFigure = (value: number) => FigureType.of(value, isSmallCell(value));

const figure = (measure: SuppressedMeasure, key: string, time: string) => FigureType.of(measure.value(key, time), measure.suppressed(key, time));

function cardsAt(year: PublishedYear, key: string, time: string): CardFiguresType | null {
  const cards = Object.assign(new CardFiguresType(), {
    granted: figure(year.granted, key, time),
    extended: figure(year.extended, key, time),
    ended: figure(year.ended, key, time),
    takenOutOfUse: figure(year.takenOutOfUse, key, time),
    // Stocks are kept at month ends; the year's is December's.
    active: time.startsWith('D') ? null : figure(year.active, key, time === 'Y' ? 'M12' : time),
  });
  return cards;
}

/** Distinct cards are counted in every place but venue types (decision 0017: read model distinct_cards). */
const countsDistinct = (key: string) => !key.includes('VENUE_TYPE=');

function usageAt(year: PublishedYear, key: string, time: string): UsageFiguresType {
  const uses = figure(year.uses, key, time);
  const distinctCards = countsDistinct(key) ? distinctFigure(year.distinct.value(key, time)) : null;
  return Object.assign(new UsageFiguresType(), { uses, adultTickets: uses, childTickets: figure(year.childTickets, key, time), distinctCards });
}

const nonZero = (f: FigureType | null | undefined) => Boolean(f && (f.suppressed || f.value));
const rowHasFigures = (row: FigureRowType) =>
  [row.cards?.granted, row.cards?.extended, row.cards?.ended, row.cards?.takenOutOfUse, row.cards?.active, row.usage?.uses, row.usage?.childTickets].some(nonZero);

/** The rows of one breakdown: keys present in the usage or card tables under `prefix`, at `time`. */
function breakdown(p: Published, prefix: string, withCards: boolean): FigureRowType[] {
  if (p.time.startsWith('D')) return [];
  const measures = [p.year.uses, p.year.childTickets, ...(withCards ? [p.year.granted, p.year.extended, p.year.ended, p.year.takenOutOfUse] : [])];
  const keys = new Set(measures.flatMap((m) => m.rows(prefix, p.time)));
  if (withCards) for (const k of p.year.active.rows(prefix, p.time === 'Y' ? 'M12' : p.time)) keys.add(k);
  return [...keys].sort().map((k) => row(k, p.year, `${prefix}${k}`, p.time, withCards)).filter(rowHasFigures);
}

const row = (label: string, year: PublishedYear, key: string, time: string, withCards: boolean) =>
  Object.assign(new FigureRowType(), { key: label, cards: withCards ? cardsAt(year, key, time) : null, usage: usageAt(year, key, time) });

function months(p: Published, withCards: boolean): FigureRowType[] {
  if (p.time.startsWith('D')) return [];
  const wanted = p.time === 'Y' ? Array.from({ length: 12 }, (_, i) => i + 1) : [Number(p.time.slice(1))];
  return wanted.map((m) => row(`${p.yearNumber}-${String(m).padStart(2, '0')}`, p.year, p.key, monthTime(m), withCards)).filter(rowHasFigures);
}

function days(p: Published, period: Period, scope: Scope, withCards: boolean): FigureRowType[] {
  if (!['NATION', 'REGION'].includes(scope.kind)) return [];
  const out: FigureRowType[] = [];
  for (let d = new Date(`${period.from}T00:00:00Z`); d.toISOString().slice(0, 10) <= period.to; d.setUTCDate(d.getUTCDate() + 1)) {
    const day = d.toISOString().slice(0, 10);
    const r = row(day, p.year, p.key, dayTime(day), withCards);
    if (r.cards) r.cards.active = null;
    if (rowHasFigures(r)) out.push(r);
  }
  return out;
}

/**
 * Suppressed figures of a scope for a calendar year, month or day (decision 0017). A municipality read as a row of
 * its region's tables (a culture officer's, decision 0022) has its months and, as `byProvider`, the region's rows of
 * `providers` (those whose uses in the region all count for the municipality): cells the region's tables already
 * publish, nothing new to difference.
 */
export function publishedStatistics(p: Published, scope: Scope, period: Period, publishedAt: Date, providers: readonly string[] = []): StatisticsType {
  const withCards = CARD_SCOPES.has(scope.kind);
  const nation = scope.kind === 'NATION';
  const region = scope.kind === 'REGION' ? `${p.key}&` : null;
  const dims = (dim: string, cards: boolean) => (nation ? breakdown(p, `${dim}=`, cards) : region ? breakdown(p, `${region}${dim}=`, cards) : []);
  const ofMunicipality = scope.kind === 'MUNICIPALITY' && scope.region ? new Set(providers) : null;
  const byProvider = ofMunicipality ? breakdown(p, `REGION=${scope.region}&PROVIDER=`, false).filter((r) => ofMunicipality.has(r.key)) : dims('PROVIDER', false);
  const result = Object.assign(new StatisticsType(), {
    scopeKind: scope.kind,
    scopeId: scope.id ?? null,
    from: period.from,
    to: period.to,
    suppressionApplied: true,
    publishedAt,
    cards: withCards ? cardsAt(p.year, p.key, p.time) : null,
    usage: usageAt(p.year, p.key, p.time),
    byRegion: nation ? breakdown(p, 'REGION=', true) : [],
    byMunicipality: dims('MUNICIPALITY', true),
    byProvider,
    byField: dims('FIELD', false),
    byVenueType: dims('VENUE_TYPE', false),
    byMonth: months(p, withCards),
    byDay: days(p, period, scope, withCards),
  });
  result.suppressedCount = suppressedCount(result);
  return result;
}

const exactUsage = (r: UsageRow | undefined, distinct: number | null) => {
  const uses = FigureType.of(r?.uses ?? 0);
  return Object.assign(new UsageFiguresType(), { uses, adultTickets: uses, childTickets: FigureType.of(r?.childTickets ?? 0), distinctCards: distinct === null ? null : FigureType.of(distinct) });
};

/** R27 exception (decision 0017): a provider's or ticket agent's own usage, exact, for any range, live. */
export async function exactStatistics(figures: FiguresRepository, scope: Scope, period: Period): Promise<StatisticsType> {
  const [[total], [distinct]] = await Promise.all([figures.usage(period, scope, null), figures.distinctCards(period, scope, null)]);
  const all = distinct?.value ?? 0;
  const rows = async (by: Dimension) => {
    const usage = await figures.usage(period, scope, by);
    // Distinct cards per row where the read models count them within the scope (months, days); a breakdown of
    // one row holds every use of the scope, so its distinct cards are the scope's; otherwise not counted (null).
    const counted = by === 'MONTH' || by === 'DAY' ? new Map((await figures.distinctCards(period, scope, by)).map((r) => [r.key, r.value])) : null;
    const distinctOf = (key: string) => (counted ? (counted.get(key) ?? 0) : usage.length === 1 ? all : null);
    return usage.map((r) => Object.assign(new FigureRowType(), { key: r.key, cards: null, usage: exactUsage(r, distinctOf(r.key)) }));
  };
  const result = Object.assign(new StatisticsType(), {
    scopeKind: scope.kind,
    scopeId: scope.id ?? null,
    from: period.from,
    to: period.to,
    suppressionApplied: false,
    suppressedCount: 0,
    publishedAt: null,
    cards: null,
    usage: exactUsage(total, all),
    byRegion: await rows('REGION'),
    byMunicipality: await rows('MUNICIPALITY'),
    byProvider: await rows('PROVIDER'),
    byField: await rows('FIELD'),
    byVenueType: await rows('VENUE_TYPE'),
    byMonth: await rows('MONTH'),
    byDay: await rows('DAY'),
  });
  return result;
}

/** How many figures of a response are suppressed (adult tickets repeat uses and are counted once). */
export function suppressedCount(s: StatisticsType): number {
  const of = (cards: CardFiguresType | null, usage: UsageFiguresType | null) =>
    [cards?.granted, cards?.extended, cards?.ended, cards?.takenOutOfUse, cards?.active, usage?.uses, usage?.childTickets, usage?.distinctCards].filter((f) => f?.suppressed).length;
  const rows = [s.byRegion, s.byMunicipality, s.byProvider, s.byField, s.byVenueType, s.byMonth, s.byDay].flat();
  return of(s.cards, s.usage) + rows.reduce((n, r) => n + of(r.cards, r.usage), 0);
}
