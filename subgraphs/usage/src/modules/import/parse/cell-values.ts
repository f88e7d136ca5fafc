/**
 * A spreadsheet cell's value as the readers hand it over, and its reading as a date, a time or a count. Dates come
 * as real date cells (Excel, LibreOffice), spreadsheet serial numbers, or text: `3.2.2026`, `03.02.2026`,
 * `2026-02-03`, optionally with a time. Worker-safe (no kit imports, erasable TypeScript only).
 */
export type RawCell = string | number | boolean | Date | null;

/** Excel's (and LibreOffice's) day 0 of the 1900 date system, in UTC: serial 1 is 1900-01-01 past the 1900 leap-year bug. */
const SERIAL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;
/** Serial numbers read as dates: 1954-10-03 … 2119-01-08, so an order number or a count is never taken for a date. */
const SERIAL_RANGE = { min: 20_000, max: 80_000 } as const;

export interface DateTime {
  date: string;
  time: string | null;
}

const pad = (n: number) => String(n).padStart(2, '0');

function isoDate(year: number, month: number, day: number): string | null {
  if (year < 1900 || year > 2199 || month < 1 || month > 12 || day < 1) return null;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day > last ? null : `${year}-${pad(month)}-${pad(day)}`;
}

function isoTime(hours: number, minutes: number): string | null {
  return hours >= 0 && hours <= 23 && minutes >= 0 && minutes <= 59 ? `${pad(hours)}:${pad(minutes)}` : null;
}

/** A date cell's wall-clock reading: the readers build dates in UTC from the serial number, so UTC parts are the sheet's. */
function fromDate(value: Date): DateTime | null {
  if (Number.isNaN(value.getTime())) return null;
  const date = isoDate(value.getUTCFullYear(), value.getUTCMonth() + 1, value.getUTCDate());
  if (!date) return null;
  const hasTime = value.getUTCHours() !== 0 || value.getUTCMinutes() !== 0;
  return { date, time: hasTime ? isoTime(value.getUTCHours(), value.getUTCMinutes()) : null };
}

function fromSerial(serial: number): DateTime | null {
  if (!Number.isFinite(serial) || serial < SERIAL_RANGE.min || serial > SERIAL_RANGE.max) return null;
  // Rounded to the minute: a serial's fraction is rarely exact (19:00 is 0.791666…).
  return fromDate(new Date(SERIAL_EPOCH_MS + Math.round((serial * DAY_MS) / 60_000) * 60_000));
}

const FINNISH = /^(\d{1,2})\.(\d{1,2})\.(\d{4})\.?(?:\s+(?:klo\s*|kl\.?\s*)?(\d{1,2})[:.](\d{2})(?:[:.]\d{2})?)?$/i;
const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2})[:.](\d{2})(?::\d{2}(?:\.\d+)?)?)?$/;

/** An event date (and possibly its time) from any cell a report may hold; null when it cannot be read. */
export function readDate(cell: RawCell): DateTime | null {
  if (cell instanceof Date) return fromDate(cell);
  if (typeof cell === 'number') return fromSerial(cell);
  if (typeof cell !== 'string') return null;
  const text = cell.trim();
  if (/^\d{5}(\.\d+)?$/.test(text)) return fromSerial(Number(text));
  const finnish = FINNISH.exec(text);
  const match = finnish ?? ISO.exec(text);
  if (!match) return null;
  const [a, b, c] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = finnish ? isoDate(c, b, a) : isoDate(a, b, c);
  if (!date) return null;
  if (match[4] === undefined) return { date, time: null };
  const time = isoTime(Number(match[4]), Number(match[5]));
  return time ? { date, time } : null;
}

/** A time of day: `19:00`, `19.00`, `klo 19`, a time cell, or a day fraction. Empty → null time; unreadable → undefined. */
export function readTime(cell: RawCell): string | null | undefined {
  if (cell === null || cell === '') return null;
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? undefined : (isoTime(cell.getUTCHours(), cell.getUTCMinutes()) ?? undefined);
  if (typeof cell === 'number') {
    if (cell < 0 || cell >= 1) return undefined;
    const minutes = Math.round(cell * 1440);
    return isoTime(Math.floor(minutes / 60), minutes % 60) ?? undefined;
  }
  if (typeof cell !== 'string') return undefined;
  const match = /^(?:klo\s*|kl\.?\s*)?(\d{1,2})(?:[:.](\d{2}))?(?:[:.]\d{2})?$/i.exec(cell.trim());
  if (!match) return undefined;
  return isoTime(Number(match[1]), Number(match[2] ?? 0)) ?? undefined;
}

/** Upper bound of a readable count; anything above is a typo, refused like a negative one. */
const MAX_CHILD_TICKETS = 1_000;

/** R11: child tickets besides the adult ticket: empty is 0; negative, fractional or non-numeric is null (refused). */
export function readCount(cell: RawCell): number | null {
  if (cell === null) return 0;
  if (typeof cell === 'number') return Number.isInteger(cell) && cell >= 0 && cell <= MAX_CHILD_TICKETS ? cell : null;
  if (typeof cell !== 'string') return null;
  const text = cell.trim();
  if (!text) return 0;
  const match = /^(\d+)(?:[.,]0+)?$/.exec(text);
  if (!match) return null;
  const count = Number(match[1]);
  return count <= MAX_CHILD_TICKETS ? count : null;
}

/** A cell as text, as it will be shown and stored: dates as ISO days, numbers as written, booleans by name. */
export function cellText(cell: RawCell): string {
  if (cell === null) return '';
  if (cell instanceof Date) {
    if (Number.isNaN(cell.getTime())) return '';
    // A time cell is a day fraction: a date on the epoch's day.
    if (cell.getTime() < Date.UTC(1900, 0, 1)) return isoTime(cell.getUTCHours(), cell.getUTCMinutes()) ?? '';
    const read = fromDate(cell);
    if (!read) return '';
    return read.time ? `${read.date} ${read.time}` : read.date;
  }
  if (typeof cell === 'number') return Number.isInteger(cell) ? String(cell) : String(Math.round(cell * 1e9) / 1e9);
  if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE';
  return cell.trim();
}
