import { addDays, addMonths, dateParts } from '@kaikukanta/kit';

/**
 * Calendar rules of a card (R4, R5). Dates are Finnish calendar days
 * (YYYY-MM-DD, Europe/Helsinki) computed in UTC arithmetic, so neither the
 * server's zone nor daylight saving can shift them.
 */
export const VALIDITY_MONTHS = 12;
export const MINIMUM_AGE = 16;

// Day arithmetic is the kit's (shared by every subgraph); re-exported here beside the rules that use it.
export { addDays, addMonths };

/**
 * R5: a card is valid for twelve months from the grant date: through the day
 * before its anniversary (granted 2025-03-15 → last valid day 2026-03-14;
 * granted 2024-02-29 → 2025-02-28). Granted on trial: until the end of the
 * trial, when that comes first.
 */
export function lastValidDay(grantedOn: string, trialEndsOn?: string | null): string {
  const year = addDays(addMonths(grantedOn, VALIDITY_MONTHS), -1);
  return trialEndsOn && trialEndsOn < year ? trialEndsOn : year;
}

/** R4: the holder must turn 16 in the grant year or earlier; the birth year decides. */
export function oldEnough(birthYear: number, grantedOn: string): boolean {
  return dateParts(grantedOn)[0] - birthYear >= MINIMUM_AGE;
}

export function yearOf(date: string): number {
  return dateParts(date)[0];
}
