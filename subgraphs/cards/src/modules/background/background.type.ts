import { Field, Int, ObjectType } from 'type-graphql';
import type { Background } from './background.entity.js';
import { GenderEnum, LifeSituationEnum, MotherTongueEnum, type Gender, type LifeSituation, type MotherTongue } from './background.model.js';

@ObjectType('Background', {
  description: 'R8 background data of a personal card’s holder. Visible only to the registering organisation, its region’s responsible person and the national support service.',
})
export class BackgroundType {
  @Field(() => Int)
  birthYear!: number;

  @Field(() => String)
  postalCode!: string;

  @Field(() => Int)
  minorChildren!: number;

  @Field(() => MotherTongueEnum)
  motherTongue!: MotherTongue;

  @Field(() => GenderEnum)
  gender!: Gender;

  @Field(() => [LifeSituationEnum])
  lifeSituations!: LifeSituation[];

  static from(entity: Background): BackgroundType {
    return Object.assign(new BackgroundType(), {
      birthYear: entity.birthYear,
      postalCode: entity.postalCode,
      minorChildren: entity.minorChildren,
      motherTongue: entity.motherTongue,
      gender: entity.gender,
      lifeSituations: [...entity.lifeSituations],
    });
  }
}
