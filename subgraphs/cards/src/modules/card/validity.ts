import { isLocalDate } from '@kaikukanta/kit';

/**
 * Calendar rules of a card (R4, R5). Dates are Finnish calendar days
 * (YYYY-MM-DD, Europe/Helsinki) computed in UTC arithmetic, so neither the
 * server's zone nor daylight saving can shift them.
 */
export const VALIDITY_MONTHS = 12;
export const MINIMUM_AGE = 16;

function parts(date: string): [number, number, number] {
  if (!isLocalDate(date)) throw new RangeError(`not a date: ${date}`);
  return date.split('-').map(Number) as [number, number, number];
}

function format(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = parts(date);
  return format(new Date(Date.UTC(y, m - 1, d + days)));
}

/**
 * The same day `months` later; a day the target month lacks rolls over
 * (29 Feb + 12 months = 1 Mar), which is when a year of validity ends.
 */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = parts(date);
  return format(new Date(Date.UTC(y, m - 1 + months, d)));
}

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
  return parts(grantedOn)[0] - birthYear >= MINIMUM_AGE;
}

export function yearOf(date: string): number {
  return parts(date)[0];
}
