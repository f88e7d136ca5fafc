import { publicFigure, publicInstant, PUBLIC_FIGURE_STEP } from '@kaikukanta/kit';
import { Field, Int, ObjectType } from 'type-graphql';
import type { NationalCounter } from './national-counter.entity.js';

@ObjectType('NationalSummary', {
  description:
    'National headline figures (R25), updated as registrations arrive (R24). Exact for national admins and national analysts; for everyone else rounded down to tens and timed to the hour (R27, decision 0012).',
})
export class NationalSummaryType {
  @Field(() => Int)
  cardsRegistered!: number;

  @Field(() => Int, { description: 'Cards used at least once.' })
  cardsUsed!: number;

  @Field(() => Int)
  uses!: number;

  @Field(() => Date, { nullable: true, description: 'When the figures last changed (to the hour when rounded); null before the first event.' })
  updatedAt!: Date | null;

  @Field(() => Int, { description: 'The figures are rounded down to a multiple of this: 1 when exact, 10 as published to everyone (R27).' })
  roundedDownTo!: number;

  static from(row: NationalCounter | null): NationalSummaryType {
    return Object.assign(new NationalSummaryType(), {
      cardsRegistered: row?.cardsRegistered ?? 0,
      cardsUsed: row?.cardsUsed ?? 0,
      uses: row?.uses ?? 0,
      updatedAt: row?.updatedAt ?? null,
      roundedDownTo: 1,
    });
  }

  /** The figures as published to everyone (R27): two published values differ by 0 or by at least ten. */
  static published(exact: NationalSummaryType): NationalSummaryType {
    return Object.assign(new NationalSummaryType(), {
      cardsRegistered: publicFigure(exact.cardsRegistered),
      cardsUsed: publicFigure(exact.cardsUsed),
      uses: publicFigure(exact.uses),
      updatedAt: exact.updatedAt ? publicInstant(exact.updatedAt) : null,
      roundedDownTo: PUBLIC_FIGURE_STEP,
    });
  }
}
