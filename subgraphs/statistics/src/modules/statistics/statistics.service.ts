import type { EntityManager, Identity, Locale } from '@kaikukanta/kit';
import type { BackgroundDimension } from '../figures/cards-figures.apply.js';
import type { Scope } from '../figures/figures.model.js';
import { calendarGrain, FiguresRepository } from '../figures/figures.repository.js';
import { rebuildReadModels, requireRebuilder } from '../figures/rebuild.service.js';
import { dayTime, monthTime } from '../suppression/linked-tables.js';
import { servedYear } from '../suppression/published-steps.js';
import { distinctFigure, exactStatistics, publishedStatistics, type Published } from './statistics.assemble.js';
import { readerOf, yearlyScopeOf } from './statistics.access.js';
import { periodInvalid, periodNotPublished } from './statistics.errors.js';
import type { PeriodInput, ReportFormat, StatisticsScopeInput } from './statistics.input.js';
import { BackgroundRowType, FieldFiguresType, FigureType, YearlyFiguresType, type StatisticsRebuildType, type StatisticsReportType, type StatisticsType } from './statistics.type.js';
import { yearlyReportFile } from './yearly-report.js';

export const FIELDS = ['CULTURE', 'EDUCATION', 'SCIENCE', 'SPORT'] as const;
/** Keys of scopes in the linked tables (decision 0017); a municipality of a region is its row of the region's tables. */
export const scopeKey = (scope: Scope) =>
  scope.kind === 'NATION' ? 'N' : scope.kind === 'MUNICIPALITY' && scope.region ? `REGION=${scope.region}&MUNICIPALITY=${scope.id}` : `${scope.kind}=${scope.id}`;
/** Scopes with day cells in the linked tables. */
const DAY_SCOPES = new Set(['NATION', 'REGION']);

/**
 * R24–R27: figures for a caller within its scope (statistics.access.ts). Suppressed figures come from the
 * year's linked tables, each measure suppressed once (decision 0017), as published in the current step (decision
 * 0019: never computed per request while a step exists); a provider's or ticket agent's own usage is read exact
 * and live from the read models for any range.
 */
export class StatisticsService {
  constructor(private readonly em: EntityManager) {}

  async statistics(identity: Identity, asked: StatisticsScopeInput | null, period: PeriodInput): Promise<StatisticsType> {
    const reader = readerOf(identity, asked ? { kind: asked.kind, ...(asked.id ? { id: asked.id } : {}) } : null);
    if (period.from > period.to) throw periodInvalid();
    const figures = new FiguresRepository(this.em);
    if (!reader.suppressed) return exactStatistics(figures, reader.scope, period);
    const grain = calendarGrain(period);
    if (!grain || (grain === 'DAY' && !DAY_SCOPES.has(reader.scope.kind))) throw periodNotPublished();
    const year = Number(period.from.slice(0, 4));
    const time = grain === 'YEAR' ? 'Y' : grain === 'MONTH' ? monthTime(Number(period.from.slice(5, 7))) : dayTime(period.from);
    const served = await servedYear(this.em, year);
    const published: Published = { year: served.tables, key: scopeKey(reader.scope), time, yearNumber: year };
    const { region, id } = reader.scope;
    const providers = reader.scope.kind === 'MUNICIPALITY' && region && id && grain !== 'DAY' ? await figures.providersOnlyIn(period, region, id) : [];
    return Object.assign(publishedStatistics(published, reader.scope, period, served.at, providers), { published: served.tables });
  }

  /** R25 background bands: calendar years of card scopes (nation, region, distributor); empty otherwise. */
  async background(statistics: StatisticsType, dimension: BackgroundDimension): Promise<BackgroundRowType[]> {
    if (!statistics.suppressionApplied || calendarGrain(statistics) !== 'YEAR' || !['NATION', 'REGION', 'DISTRIBUTOR'].includes(statistics.scopeKind)) return [];
    const key = scopeKey({ kind: statistics.scopeKind as Scope['kind'], ...(statistics.scopeId ? { id: statistics.scopeId } : {}) });
    const { background } = statistics.published ?? (await servedYear(this.em, Number(statistics.from.slice(0, 4)))).tables;
    const rows = [...background.rows(`${key}#${dimension}=`, 'Y'), 'TOTAL'];
    return rows.map((value) => {
      const cell = value === 'TOTAL' ? `${key}#TOTAL` : `${key}#${dimension}=${value}`;
      return Object.assign(new BackgroundRowType(), { key: value, cards: FigureType.of(background.value(cell, 'Y'), background.suppressed(cell, 'Y')) });
    });
  }

  /** R25, R26: the yearly publication of the nation or a region, suppressed as published (R27). */
  async yearlyFigures(identity: Identity, year: number, regionId: string | null): Promise<YearlyFiguresType> {
    const scope = yearlyScopeOf(identity, regionId);
    const served = await servedYear(this.em, year);
    const published = served.tables;
    const key = scopeKey(scope);
    const fig = (measure: Exclude<keyof typeof published, 'distinct'>, cell: string) => FigureType.of(published[measure].value(cell, 'Y'), published[measure].suppressed(cell, 'Y'));
    // R25: municipalities with uses in the year, from the same step (a count of places, not of people).
    const municipalityPrefix = scope.kind === 'NATION' ? 'MUNICIPALITY=' : `${key}&MUNICIPALITY=`;
    const municipalities = published.uses.rows(municipalityPrefix, 'Y').filter((m) => m && published.uses.value(`${municipalityPrefix}${m}`, 'Y') > 0).length;
    const fieldPrefix = scope.kind === 'NATION' ? 'FIELD=' : `${key}&FIELD=`;
    const fields = [...new Set<string>([...FIELDS, ...published.uses.rows(fieldPrefix, 'Y'), ...published.childTickets.rows(fieldPrefix, 'Y')])];
    return Object.assign(new YearlyFiguresType(), {
      year,
      regionId: scope.kind === 'REGION' ? (scope.id ?? null) : null,
      cardsRegistered: fig('granted', key),
      cardsUsed: distinctFigure(published.distinct.value(key, 'Y')),
      uses: fig('uses', key),
      childTickets: fig('childTickets', key),
      municipalities,
      publishedAt: served.at,
      byField: fields.map((field) =>
        Object.assign(new FieldFiguresType(), { field, adultTickets: fig('uses', `${fieldPrefix}${field}`), childTickets: fig('childTickets', `${fieldPrefix}${field}`) }),
      ),
    });
  }

  /** R26: the yearly publication as a file in the caller's language; the very figures of yearlyFigures. */
  async yearlyReport(identity: Identity, year: number, regionId: string | null, format: ReportFormat, locale: Locale): Promise<StatisticsReportType> {
    return yearlyReportFile(await this.yearlyFigures(identity, year, regionId), format, locale);
  }

  async rebuild(identity: Identity): Promise<StatisticsRebuildType> {
    requireRebuilder(identity);
    // The rebuild moves the publication generation (decision 0019): every replica's published tables are stale.
    return rebuildReadModels(this.em);
  }
}
