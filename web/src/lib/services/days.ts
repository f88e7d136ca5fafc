/** Calendar-day arithmetic on YYYY-MM-DD days in UTC, as the server does it (decision 0006). */
export function shiftDay(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** R5: the last valid day of twelve months from `day` — the day before its anniversary (2025-03-15 → 2026-03-14). */
export function yearFrom(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y + 1, m - 1, d - 1)).toISOString().slice(0, 10);
}

/**
 * R6: the days an extension renewed on `today` may set: after the current last day of the period and at most
 * twelve months from the renewal (the server's rule in CardService.extend). Null when there is none, e.g. a card
 * registered today is already valid for the longest time allowed.
 */
export function extensionRange(validUntil: string, today: string): { min: string; max: string } | null {
  const min = shiftDay(validUntil, 1);
  const max = yearFrom(today);
  return min <= max ? { min, max } : null;
}
