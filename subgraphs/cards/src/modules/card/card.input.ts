import { LocalDateScalar } from '@kaikukanta/kit';
import { Field, InputType, Int } from 'type-graphql';
import { GenderEnum, LifeSituationEnum, MotherTongueEnum, type Gender, type LifeSituation, type MotherTongue } from '../background/background.model.js';
import { CardKindEnum, type CardKind } from './card.model.js';

/**
 * R8 background data — exactly these fields. R9: there is deliberately no
 * field where a name, identity code, birth date or address could go.
 */
@InputType('BackgroundInput', { description: 'Background data of a personal card’s holder (R8). Nothing else about the holder is recorded (R9).' })
export class BackgroundInput {
  @Field(() => Int, { description: 'Mandatory. The holder must turn 16 in the grant year or earlier (R4).' })
  birthYear!: number;

  @Field(() => String, { description: 'Mandatory. Finnish postal code, five digits.' })
  postalCode!: string;

  @Field(() => Int, { description: 'Mandatory. Number of the holder’s minor children or grandchildren (R8, R11b).' })
  minorChildren!: number;

  @Field(() => MotherTongueEnum, { defaultValue: 'NOT_TOLD' })
  motherTongue!: MotherTongue;

  @Field(() => GenderEnum, { defaultValue: 'NOT_TOLD' })
  gender!: Gender;

  @Field(() => [LifeSituationEnum], { defaultValue: ['NOT_TOLD'] })
  lifeSituations!: LifeSituation[];
}

@InputType('RegisterCardInput')
export class RegisterCardInput {
  @Field(() => String, { description: 'As typed or scanned; normalised (R2).' })
  code!: string;

  @Field(() => CardKindEnum, { defaultValue: 'PERSONAL' })
  kind!: CardKind;

  @Field(() => LocalDateScalar, { nullable: true, description: 'Default: today in Finland.' })
  grantedOn?: string | null;

  @Field(() => LocalDateScalar, { nullable: true, description: 'When granted on trial: the last day of the trial (R5).' })
  trialEndsOn?: string | null;

  @Field(() => BackgroundInput, { nullable: true, description: 'Required for a personal card, not allowed for a community card.' })
  background?: BackgroundInput | null;
}

@InputType('CardFilter')
export class CardFilter {
  @Field(() => String, { nullable: true, description: 'The start of a card code (normalised as codes are).' })
  code?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Only cards that can be used today (true) or cannot (false).' })
  usable?: boolean | null;

  @Field(() => Int, { nullable: true, description: 'Only usable cards whose last valid day is within this many days.' })
  expiringWithinDays?: number | null;

  @Field(() => CardKindEnum, { nullable: true })
  kind?: CardKind | null;
}
