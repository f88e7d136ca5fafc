import { addDays } from '@kaikukanta/kit';
import { fromHelsinki, toHelsinki } from './event-time.js';

/**
 * R22: when a provider restricts *when* card holders may act. Reservations
 * open N calendar days before the event day, at midnight in Finland (so
 * "a month before" does not depend on the hour of the show or on DST);
 * redemption opens N minutes of real time before the start. Registration
 * (usage) checks `now` against these; null means no limit.
 */
export function reservationOpensAt(startsAt: Date, daysBefore: number | null): Date | null {
  if (daysBefore === null) return null;
  const eventDay = toHelsinki(startsAt).slice(0, 10);
  // Midnight always exists on Finnish clocks: the changes are at 03:00/04:00.
  return fromHelsinki(`${addDays(eventDay, -daysBefore)}T00:00`);
}

export function redemptionOpensAt(startsAt: Date, minutesBefore: number | null): Date | null {
  return minutesBefore === null ? null : new Date(startsAt.getTime() - minutesBefore * 60_000);
}
