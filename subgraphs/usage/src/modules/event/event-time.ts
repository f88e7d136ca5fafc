/**
 * Event start times are entered and shown as wall-clock time in Finland
 * (Europe/Helsinki) and stored as an instant (timestamptz). Daylight saving
 * makes two wall times special (decision 0014):
 * - spring forward (last Sunday of March, 03:00 → 04:00): 03:00–03:59 does not
 *   exist that night and is refused, not silently moved;
 * - fall back (last Sunday of October, 04:00 → 03:00): 03:00–03:59 happens
 *   twice; without an explicit offset the earlier one (summer time, +03:00) is
 *   meant, and an offset (`…T03:30+02:00`) picks the later one.
 * Only Intl is used (no Temporal in Node 24), so the zone data is the runtime's.
 */
const ZONE = 'Europe/Helsinki';
const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:\d{2})?$/;
const PARTS = new Intl.DateTimeFormat('en-GB', {
  timeZone: ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

export type LocalTimeProblem = 'MALFORMED' | 'NONEXISTENT';

export class LocalTimeError extends Error {
  constructor(readonly problem: LocalTimeProblem) {
    super(`local time ${problem.toLowerCase()}`);
  }
}

/** `YYYY-MM-DDTHH:mm:ss` of an instant on Helsinki clocks, from the runtime's zone data. */
function wallByIntl(instant: Date): string {
  const p = Object.fromEntries(PARTS.formatToParts(instant).map(({ type, value }) => [type, value]));
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}`;
}

const HOUR_MS = 3_600_000;
/**
 * Helsinki's offset (ms) per UTC hour. Since 1981 Finland has changed its clocks only on whole UTC hours
 * (01:00 UTC under the EU rule), so within [FAST_FROM, FAST_UNTIL) an instant's offset is that of its UTC hour.
 */
const offsetByHour = new Map<number, number>();
const FAST_FROM = Date.UTC(1990, 0, 1);
const FAST_UNTIL = Date.UTC(2100, 0, 1);
const MAX_HOURS = 100_000;

/**
 * `YYYY-MM-DDTHH:mm:ss` of an instant on Helsinki clocks. Issue 12: `formatToParts` cost ~8 µs a call and an event
 * list calls it several times per event (17 % of the usage subgraph's time on the network page); Intl is asked
 * once per UTC hour, the rest is arithmetic. Outside 1990–2099 every call asks Intl.
 */
export function toHelsinki(instant: Date): string {
  const t = instant.getTime();
  if (!(t >= FAST_FROM && t < FAST_UNTIL)) return wallByIntl(instant);
  const hour = Math.floor(t / HOUR_MS);
  let offset = offsetByHour.get(hour);
  if (offset === undefined) {
    if (offsetByHour.size >= MAX_HOURS) offsetByHour.clear();
    const start = hour * HOUR_MS;
    offset = Date.parse(`${wallByIntl(new Date(start))}Z`) - start;
    offsetByHour.set(hour, offset);
  }
  return new Date(t + offset).toISOString().slice(0, 19);
}

/** Minutes Helsinki is ahead of UTC at an instant (120 in winter, 180 in summer). */
export function helsinkiOffsetMinutes(instant: Date): number {
  const wall = toHelsinki(instant);
  return Math.round((Date.parse(`${wall}Z`) - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

/** `+02:00` / `+03:00`. */
export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** An instant as Helsinki wall time with its offset, minute precision: `2026-10-25T03:30+02:00`. */
export function formatHelsinki(instant: Date): string {
  return `${toHelsinki(instant).slice(0, 16)}${formatOffset(helsinkiOffsetMinutes(instant))}`;
}

/**
 * The instant of a wall time in Helsinki, `YYYY-MM-DDTHH:mm[:ss][offset]`.
 * With an offset it must be one Helsinki really had at that wall time.
 * Throws LocalTimeError('MALFORMED') for anything else, ('NONEXISTENT') for a time the clocks skip.
 */
export function fromHelsinki(local: string): Date {
  const match = LOCAL.exec(local.trim());
  if (!match) throw new LocalTimeError('MALFORMED');
  const [, y, mo, d, h, mi, s = '00', offset] = match;
  const wall = `${y}-${mo}-${d}T${h}:${mi}:${s}`;
  const asUtc = Date.parse(`${wall}Z`);
  if (Number.isNaN(asUtc) || new Date(asUtc).toISOString().slice(0, 19) !== wall) throw new LocalTimeError('MALFORMED');
  // Every instant whose Helsinki wall time is `wall`: try the offsets in force a day either side.
  const offsets = new Set([helsinkiOffsetMinutes(new Date(asUtc - 86_400_000)), helsinkiOffsetMinutes(new Date(asUtc + 86_400_000))]);
  const candidates = [...offsets]
    .map((minutes) => new Date(asUtc - minutes * 60_000))
    .filter((instant) => toHelsinki(instant) === wall)
    .sort((a, b) => a.getTime() - b.getTime());
  if (offset) {
    const wanted = offset === 'Z' ? 0 : (offset.startsWith('-') ? -1 : 1) * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
    const chosen = candidates.find((instant) => helsinkiOffsetMinutes(instant) === wanted);
    if (!chosen) throw new LocalTimeError(candidates.length ? 'MALFORMED' : 'NONEXISTENT');
    return chosen;
  }
  const earliest = candidates[0];
  if (!earliest) throw new LocalTimeError('NONEXISTENT');
  return earliest;
}
