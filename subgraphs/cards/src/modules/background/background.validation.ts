import { BIRTH_YEAR_MIN, MINOR_CHILDREN_MAX, type LifeSituation } from './background.model.js';
import type { BackgroundInput } from '../card/card.input.js';
import { holderTooYoung, invalidBirthYear, invalidLifeSituations, invalidMinorChildren, invalidPostalCode } from '../card/card.errors.js';
import { oldEnough, yearOf } from '../card/validity.js';

/** Checks R4 and R8 and returns the values to store (postal code trimmed, life situations de-duplicated). */
export function validBackground(input: BackgroundInput, grantedOn: string) {
  if (!Number.isInteger(input.birthYear) || input.birthYear < BIRTH_YEAR_MIN || input.birthYear > yearOf(grantedOn)) throw invalidBirthYear();
  if (!oldEnough(input.birthYear, grantedOn)) throw holderTooYoung();
  const postalCode = input.postalCode.trim();
  if (!/^[0-9]{5}$/.test(postalCode)) throw invalidPostalCode();
  if (!Number.isInteger(input.minorChildren) || input.minorChildren < 0 || input.minorChildren > MINOR_CHILDREN_MAX) throw invalidMinorChildren();
  const lifeSituations = [...new Set<LifeSituation>(input.lifeSituations)];
  if (!lifeSituations.length || (lifeSituations.includes('NOT_TOLD') && lifeSituations.length > 1)) throw invalidLifeSituations();
  return { ...input, postalCode, lifeSituations };
}
