import { enumOf } from '@kaikukanta/kit';
import { registerEnumType } from 'type-graphql';


/**
 * R8: the holder's mother tongue — the national languages, the Sámi
 * languages and the languages most spoken by Finland's immigrant population
 * (Statistics Finland), then "other" and "not told".
 */
export const MOTHER_TONGUES = [
  'FINNISH',
  'SWEDISH',
  'NORTHERN_SAMI',
  'INARI_SAMI',
  'SKOLT_SAMI',
  'RUSSIAN',
  'ESTONIAN',
  'ARABIC',
  'ENGLISH',
  'SOMALI',
  'UKRAINIAN',
  'PERSIAN',
  'KURDISH',
  'CHINESE',
  'ALBANIAN',
  'VIETNAMESE',
  'THAI',
  'TURKISH',
  'SPANISH',
  'OTHER',
  'NOT_TOLD',
] as const;
export type MotherTongue = (typeof MOTHER_TONGUES)[number];

/** R8: gender, voluntary — "not told" is always possible. */
export const GENDERS = ['WOMAN', 'MAN', 'OTHER', 'NOT_TOLD'] as const;
export type Gender = (typeof GENDERS)[number];

/** R8: life situation, one or more; "not told" stands alone. */
export const LIFE_SITUATIONS = [
  'UNEMPLOYED',
  'LONG_TERM_ILL',
  'DISABILITY',
  'PENSIONER',
  'STUDENT',
  'SINGLE_PARENT',
  'LOW_INCOME',
  'DEBT_PROBLEMS',
  'IMMIGRANT',
  'HOMELESS',
  'OTHER',
  'NOT_TOLD',
] as const;
export type LifeSituation = (typeof LIFE_SITUATIONS)[number];

export const MotherTongueEnum = enumOf(MOTHER_TONGUES);
export const GenderEnum = enumOf(GENDERS);
export const LifeSituationEnum = enumOf(LIFE_SITUATIONS);

registerEnumType(MotherTongueEnum, { name: 'MotherTongue', description: 'The holder’s mother tongue (R8); NOT_TOLD is always possible.' });
registerEnumType(GenderEnum, { name: 'Gender', description: 'The holder’s gender (R8); NOT_TOLD is always possible.' });
registerEnumType(LifeSituationEnum, { name: 'LifeSituation', description: 'The holder’s life situation (R8); one or more, or NOT_TOLD alone.' });

export const BIRTH_YEAR_MIN = 1900;
/** R8/R11b: the number of the holder's minor children or grandchildren; a sanity bound, not a rule of the programme. */
export const MINOR_CHILDREN_MAX = 30;
/** Finnish postal codes: five digits. */
export const POSTAL_CODE_PATTERN = '^[0-9]{5}$';
