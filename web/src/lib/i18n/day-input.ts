/**
 * A day typed the way the chosen language writes it (15.3.2026, 15/03/2026),
 * kept as YYYY-MM-DD. `<input type="date">` follows the browser's own locale,
 * not the page's language, so date fields are text fields with these two.
 */

/** YYYY-MM-DD → the language's numeric date ('' for no day). */
export function formatDayInput(day: string, intlLocale: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return '';
  return new Intl.DateTimeFormat(intlLocale, { day: 'numeric', month: 'numeric', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * Typed text → YYYY-MM-DD, or undefined when it is not a real day. Day first
 * (as in Finnish, Swedish and British English) with `.`, `/`, `-`, `,` or spaces
 * between; a two-digit year is in this century; ISO YYYY-MM-DD is understood too.
 */
export function parseDayInput(text: string): string | undefined {
  const trimmed = text.trim();
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(trimmed);
  const local = /^(\d{1,2})\s*[./\-, ]\s*(\d{1,2})\s*[./\-, ]\s*(\d{2}|\d{4})\.?$/.exec(trimmed);
  let year: number, month: number, day: number;
  if (iso) [year, month, day] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (local) [day, month, year] = [Number(local[1]), Number(local[2]), local[3]!.length === 2 ? 2000 + Number(local[3]) : Number(local[3])];
  else return undefined;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (year < 1900 || date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}
