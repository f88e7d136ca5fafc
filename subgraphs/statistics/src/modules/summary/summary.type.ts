import { Field, Int, ObjectType } from 'type-graphql';
import type { NationalCounter } from './national-counter.entity.js';

@ObjectType('NationalSummary', { description: 'National headline figures (R25), updated as registrations arrive (R24).' })
export class NationalSummaryType {
  @Field(() => Int)
  cardsRegistered!: number;

  @Field(() => Int, { description: 'Cards used at least once.' })
  cardsUsed!: number;

  @Field(() => Int)
  uses!: number;

  @Field(() => Date, { nullable: true, description: 'When the figures last changed; null before the first event.' })
  updatedAt!: Date | null;

  static from(row: NationalCounter | null): NationalSummaryType {
    return Object.assign(new NationalSummaryType(), {
      cardsRegistered: row?.cardsRegistered ?? 0,
      cardsUsed: row?.cardsUsed ?? 0,
      uses: row?.uses ?? 0,
      updatedAt: row?.updatedAt ?? null,
    });
  }
}
