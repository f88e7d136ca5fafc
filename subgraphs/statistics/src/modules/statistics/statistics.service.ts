import { AppError, type EntityManager, type Identity, type Locale } from '@kaikukanta/kit';
import type { BackgroundDimension } from '../figures/cards-figures.apply.js';
import { rebuildReadModels, requireRebuilder } from '../figures/rebuild.service.js';
import { readerOf, yearlyScopeOf } from './statistics.access.js';
import type { PeriodInput, ReportFormat, StatisticsScopeInput } from './statistics.input.js';
import type { BackgroundRowType, StatisticsRebuildType, StatisticsReportType, StatisticsType, YearlyFiguresType } from './statistics.type.js';

/** TODO(issue 10): filled in the next slice; the schema is committed first for the dashboards. */
const pending = () => new AppError('NOT_IMPLEMENTED', { messages: { fi: 'Ei vielä käytössä.', sv: 'Inte ännu i bruk.', en: 'Not available yet.' } });

export class StatisticsService {
  constructor(private readonly em: EntityManager) {}

  async statistics(identity: Identity, scope: StatisticsScopeInput | null, _period: PeriodInput): Promise<StatisticsType> {
    readerOf(identity, scope);
    throw pending();
  }

  async background(_statistics: StatisticsType, _dimension: BackgroundDimension): Promise<BackgroundRowType[]> {
    throw pending();
  }

  async yearlyFigures(identity: Identity, _year: number, regionId: string | null): Promise<YearlyFiguresType> {
    yearlyScopeOf(identity, regionId);
    throw pending();
  }

  async yearlyReport(identity: Identity, _year: number, regionId: string | null, _format: ReportFormat, _locale: Locale): Promise<StatisticsReportType> {
    yearlyScopeOf(identity, regionId);
    throw pending();
  }

  async rebuild(identity: Identity): Promise<StatisticsRebuildType> {
    requireRebuilder(identity);
    return rebuildReadModels(this.em);
  }
}
