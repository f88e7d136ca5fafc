import { isLocalDate } from './date-scalar.js';

/**
 * Finnish calendar days: the registry's dates are days in Europe/Helsinki,
 * whatever the server's zone, written YYYY-MM-DD and computed in UTC
 * arithmetic so that neither the zone nor daylight saving can shift them.
 */
const HELSINKI = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki', year: 'numeric', month: '2-digit', day: '2-digit' });

/** Today's date in Finland as YYYY-MM-DD. */
export function todayInFinland(now: Date = new Date()): string {
  return HELSINKI.format(now);
}

/** Year, month and day of a real calendar day; a RangeError for anything else (2025-02-29, 15.3.2025). */
export function dateParts(date: string): [number, number, number] {
  if (!isLocalDate(date)) throw new RangeError(`not a date: ${date}`);
  return date.split('-').map(Number) as [number, number, number];
}

const format = (d: Date) => d.toISOString().slice(0, 10);

/** Adds days to a YYYY-MM-DD date. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = dateParts(date);
  return format(new Date(Date.UTC(y, m - 1, d + days)));
}

/**
 * The same day `months` later; a day the target month lacks rolls over
 * (29 Feb + 12 months = 1 Mar).
 */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = dateParts(date);
  return format(new Date(Date.UTC(y, m - 1 + months, d)));
}
