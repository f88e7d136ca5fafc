import { enumOf, LocalDateScalar } from '@kaikukanta/kit';
import { Field, ID, InputType, registerEnumType } from 'type-graphql';
import { ScopeKindEnum, type ScopeKind } from '../figures/figures.model.js';

@InputType('StatisticsScopeInput', { description: 'Whose figures. Default: the caller’s own scope (the nation, their region, a culture officer’s municipality, or their organisation).' })
export class StatisticsScopeInput {
  @Field(() => ScopeKindEnum)
  kind!: ScopeKind;

  @Field(() => ID, { nullable: true, description: 'Region or organisation id, or municipality code; absent for NATION.' })
  id?: string;
}

@InputType('PeriodInput', { description: 'Days in Finland, both included. Suppressed figures: a calendar year, month or day only (decision 0017).' })
export class PeriodInput {
  @Field(() => LocalDateScalar)
  from!: string;

  @Field(() => LocalDateScalar)
  to!: string;
}

export const REPORT_FORMATS = ['XLSX', 'CSV'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
export const ReportFormatEnum = enumOf(REPORT_FORMATS);
registerEnumType(ReportFormatEnum, { name: 'StatisticsReportFormat' });
