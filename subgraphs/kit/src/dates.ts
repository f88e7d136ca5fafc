/** Finnish calendar days: the registry's dates are days in Europe/Helsinki, whatever the server's zone. */
const HELSINKI = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki', year: 'numeric', month: '2-digit', day: '2-digit' });

/** Today's date in Finland as YYYY-MM-DD. */
export function todayInFinland(now: Date = new Date()): string {
  return HELSINKI.format(now);
}

/** Adds days to a YYYY-MM-DD date. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
