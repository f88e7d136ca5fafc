import { defineEntity, p, type InferEntity } from '@mikro-orm/postgresql';
import { CardEntity } from '../card/card.entity.js';
import { BIRTH_YEAR_MIN, GENDERS, LIFE_SITUATIONS, MINOR_CHILDREN_MAX, MOTHER_TONGUES, POSTAL_CODE_PATTERN } from './background.model.js';

/**
 * R8 background data of a personal card's holder — these five fields and the
 * number of minor children, nothing else. R9: a birth year, not a birth date;
 * a postal code, not an address; every field is a number, a five-digit code
 * or a closed list, checked by the database, so no name or identity code can
 * be stored here. Leaves the cards subgraph only as suppressed aggregates.
 */
export const BackgroundEntity = defineEntity({
  name: 'Background',
  tableName: 'background',
  checks: [{ name: 'background_life_situations_count_check', expression: 'cardinality(life_situations) >= 1 and cardinality(life_situations) <= 12' }],
  properties: {
    card: () => p.oneToOne(CardEntity).primary().owner(),
    birthYear: p.smallint().check(`birth_year >= ${BIRTH_YEAR_MIN}`),
    postalCode: p.string().length(5).check(`postal_code ~ '${POSTAL_CODE_PATTERN}'`),
    minorChildren: p.smallint().check(`minor_children >= 0 and minor_children <= ${MINOR_CHILDREN_MAX}`),
    motherTongue: p.enum(MOTHER_TONGUES),
    gender: p.enum(GENDERS),
    lifeSituations: p.enum(LIFE_SITUATIONS).array(),
  },
});
export type Background = InferEntity<typeof BackgroundEntity>;
