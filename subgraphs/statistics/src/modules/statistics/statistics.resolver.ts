import type { SubgraphContext } from '@kaikukanta/kit';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { BackgroundDimensionEnum } from '../figures/figures.model.js';
import type { BackgroundDimension } from '../figures/cards-figures.apply.js';
import { PeriodInput, ReportFormatEnum, StatisticsScopeInput, type ReportFormat } from './statistics.input.js';
import { StatisticsService } from './statistics.service.js';
import { BackgroundRowType, StatisticsRebuildType, StatisticsReportType, StatisticsType, YearlyFiguresType } from './statistics.type.js';

@Resolver(() => StatisticsType)
export class StatisticsResolver {
  @Query(() => StatisticsType, {
    description:
      'Figures of a scope and period (R24, R25), within the caller’s scope (national support service: all; responsible person, analyst: their region; culture officer: their municipality, as its row of the region’s tables with the rows of its providers (decision 0022); national analyst: the nation; distributor: cards it granted; provider: its usage; ticket agent: usage it registered). FORBIDDEN otherwise.',
  })
  statistics(@Ctx() ctx: SubgraphContext, @Arg('period', () => PeriodInput) period: PeriodInput, @Arg('scope', () => StatisticsScopeInput, { nullable: true }) scope?: StatisticsScopeInput): Promise<StatisticsType> {
    return new StatisticsService(ctx.em).statistics(ctx.identity, scope ?? null, period);
  }

  @FieldResolver(() => [BackgroundRowType], {
    description: 'Personal cards granted by one background band (R25), suppressed (R27): calendar years of the nation, a region or a distributor; empty otherwise.',
  })
  background(@Ctx() ctx: SubgraphContext, @Root() statistics: StatisticsType, @Arg('dimension', () => BackgroundDimensionEnum) dimension: BackgroundDimension): Promise<BackgroundRowType[]> {
    return new StatisticsService(ctx.em).background(statistics, dimension);
  }

  @Query(() => YearlyFiguresType, { description: 'The yearly publication (R25, R26) of the nation, or of a region (regionId), in one query.' })
  yearlyFigures(@Ctx() ctx: SubgraphContext, @Arg('year', () => Int) year: number, @Arg('regionId', () => ID, { nullable: true }) regionId?: string): Promise<YearlyFiguresType> {
    return new StatisticsService(ctx.em).yearlyFigures(ctx.identity, year, regionId ?? null);
  }

  @Query(() => StatisticsReportType, { description: 'The yearly publication as a file in the caller’s language (R26): the same figures as yearlyFigures.' })
  yearlyReport(
    @Ctx() ctx: SubgraphContext,
    @Arg('year', () => Int) year: number,
    @Arg('format', () => ReportFormatEnum) format: ReportFormat,
    @Arg('regionId', () => ID, { nullable: true }) regionId?: string,
  ): Promise<StatisticsReportType> {
    return new StatisticsService(ctx.em).yearlyReport(ctx.identity, year, regionId ?? null, format, ctx.locale);
  }

  @Mutation(() => StatisticsRebuildType, { description: 'Rebuilds the statistics read models from the outboxes (national support service only).' })
  rebuildStatistics(@Ctx() ctx: SubgraphContext): Promise<StatisticsRebuildType> {
    return new StatisticsService(ctx.em).rebuild(ctx.identity);
  }
}
