import { Field, Int, ObjectType } from 'type-graphql';
import type { PublishedYear } from '../suppression/published-year.js';

@ObjectType('Figure', {
  description:
    'One published figure. `value` is null exactly when `suppressed` is true: a small cell (1–4, R27) or a cell hidden so that a small one cannot be worked out from totals or another table (decision 0017).',
})
export class FigureType {
  @Field(() => Int, { nullable: true })
  value!: number | null;

  @Field(() => Boolean)
  suppressed!: boolean;

  static of(value: number, suppressed = false): FigureType {
    return Object.assign(new FigureType(), { value: suppressed ? null : value, suppressed });
  }
}

@ObjectType('CardFigures', { description: 'Cards in the period (R6, R25). `active`: cards usable on the period’s last day (null for a single day).' })
export class CardFiguresType {
  @Field(() => FigureType)
  granted!: FigureType;

  @Field(() => FigureType)
  extended!: FigureType;

  @Field(() => FigureType)
  ended!: FigureType;

  @Field(() => FigureType)
  takenOutOfUse!: FigureType;

  @Field(() => FigureType, { nullable: true })
  active!: FigureType | null;
}

@ObjectType('UsageFigures', { description: 'Usage in the period (R11, R25): every use is one adult ticket; distinct cards used at least once.' })
export class UsageFiguresType {
  @Field(() => FigureType)
  uses!: FigureType;

  @Field(() => FigureType)
  adultTickets!: FigureType;

  @Field(() => FigureType)
  childTickets!: FigureType;

  @Field(() => FigureType, { nullable: true, description: 'Null where distinct cards are not counted for the scope.' })
  distinctCards!: FigureType | null;
}

@ObjectType('FigureRow', {
  description:
    'One row of a breakdown: `key` is a region or organisation id, a municipality code, a field, a venue type, YYYY-MM or YYYY-MM-DD. Card figures are null in breakdowns that do not apply to cards (field, provider, venue type), usage figures null where they do not apply.',
})
export class FigureRowType {
  @Field(() => String)
  key!: string;

  @Field(() => CardFiguresType, { nullable: true })
  cards!: CardFiguresType | null;

  @Field(() => UsageFiguresType, { nullable: true })
  usage!: UsageFiguresType | null;
}

@ObjectType('BackgroundRow', { description: 'Personal cards granted in the period with one background band (R25); `key` TOTAL is all personal cards granted.' })
export class BackgroundRowType {
  @Field(() => String)
  key!: string;

  @Field(() => FigureType)
  cards!: FigureType;
}

@ObjectType('Statistics', {
  description:
    'Figures of one scope and period (R24–R27). Suppressed figures (decision 0017) are given for calendar years, months and days only; a provider’s or ticket agent’s own usage is exact for any range. A breakdown that is not published for the scope and period is an empty list.',
})
export class StatisticsType {
  @Field(() => String)
  scopeKind!: string;

  @Field(() => String, { nullable: true })
  scopeId!: string | null;

  @Field(() => String)
  from!: string;

  @Field(() => String)
  to!: string;

  @Field(() => Boolean, { description: 'Whether small-cell suppression applies to these figures (R27); false for a provider’s or ticket agent’s own usage.' })
  suppressionApplied!: boolean;

  @Field(() => Int, { description: 'How many figures in this response are suppressed.' })
  suppressedCount!: number;

  @Field(() => Date, {
    nullable: true,
    description: 'When suppression applies: the published step these figures are as of (R27, decision 0019) — they change only with the next step (statisticsPublished). Null for a provider’s or ticket agent’s own usage, which is live.',
  })
  publishedAt!: Date | null;

  /** The step's tables these figures came from, so that the background field answers from the same step (not a field). */
  published?: PublishedYear;

  @Field(() => CardFiguresType, { nullable: true, description: 'Null for provider and registrar scopes (cards are not theirs).' })
  cards!: CardFiguresType | null;

  @Field(() => UsageFiguresType)
  usage!: UsageFiguresType;

  @Field(() => [FigureRowType])
  byRegion!: FigureRowType[];

  @Field(() => [FigureRowType])
  byMunicipality!: FigureRowType[];

  @Field(() => [FigureRowType])
  byProvider!: FigureRowType[];

  @Field(() => [FigureRowType])
  byField!: FigureRowType[];

  @Field(() => [FigureRowType])
  byVenueType!: FigureRowType[];

  @Field(() => [FigureRowType])
  byMonth!: FigureRowType[];

  @Field(() => [FigureRowType])
  byDay!: FigureRowType[];
}

@ObjectType('FieldFigures', { description: 'Uses of one field (culture, education, science, sport): adult and child tickets (R25).' })
export class FieldFiguresType {
  @Field(() => String)
  field!: string;

  @Field(() => FigureType)
  adultTickets!: FigureType;

  @Field(() => FigureType)
  childTickets!: FigureType;
}

@ObjectType('YearlyFigures', { description: 'The yearly publication of the nation or a region (R25, R26), suppressed as published (R27, decision 0017).' })
export class YearlyFiguresType {
  @Field(() => Int)
  year!: number;

  @Field(() => String, { nullable: true, description: 'Null for the nation.' })
  regionId!: string | null;

  @Field(() => FigureType, { description: 'Cards registered (granted) in the year.' })
  cardsRegistered!: FigureType;

  @Field(() => FigureType, { description: 'Distinct cards used at least once in the year.' })
  cardsUsed!: FigureType;

  @Field(() => FigureType)
  uses!: FigureType;

  @Field(() => FigureType)
  childTickets!: FigureType;

  @Field(() => Int, { description: 'Municipalities with at least one use in the year (not a count of people).' })
  municipalities!: number;

  @Field(() => Date, { description: 'The published step these figures are as of (R27, decision 0019).' })
  publishedAt!: Date;

  @Field(() => [FieldFiguresType])
  byField!: FieldFiguresType[];
}

@ObjectType('StatisticsReport', { description: 'A yearly report file (R26), base64-encoded.' })
export class StatisticsReportType {
  @Field(() => String)
  filename!: string;

  @Field(() => String)
  mimeType!: string;

  @Field(() => String)
  base64!: string;
}

@ObjectType('StatisticsPublication', { description: 'A new step of the suppressed figures is published (R27, decision 0019): ask for them again.' })
export class StatisticsPublicationType {
  @Field(() => Date, { description: 'The step’s time: the figures are as of it.' })
  at!: Date;
}

@ObjectType('StatisticsRebuild', { description: 'What a rebuild of the read models replayed.' })
export class StatisticsRebuildType {
  @Field(() => Int)
  cardEvents!: number;

  @Field(() => Int)
  usageEvents!: number;
}
