import { addDays, todayInFinland } from '@kaikukanta/kit';

const TIME = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Helsinki', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const nameKey = (name: string) => name.normalize('NFC').toLocaleLowerCase('fi').replace(/\s+/g, ' ').trim();

export type EventMatch = { eventId: string } | { eventId: null; ambiguous: boolean };

/**
 * R17: a report names events by name and day (and perhaps time); a row is matched to the provider's kept event of
 * that name that day — case and spacing aside — so its cap and time limits apply (R21, R22). A row matching
 * none is registered with the name and day as given (the reported-event path); one matching several
 * performances without a time to tell them apart is refused (EVENT_AMBIGUOUS) rather than guessed.
 */
export class EventIndex {
  readonly #byDayAndName = new Map<string, { id: string; time: string }[]>();

  constructor(events: readonly { id: string; name: string; startsAt: Date }[]) {
    for (const event of events) {
      const key = `${todayInFinland(event.startsAt)}|${nameKey(event.name)}`;
      const list = this.#byDayAndName.get(key) ?? [];
      list.push({ id: event.id, time: TIME.format(event.startsAt) });
      this.#byDayAndName.set(key, list);
    }
  }

  /** The instants to load events between for rows of these days (a day either side for the time zone). */
  static window(days: readonly string[]): { from: Date; until: Date } | null {
    if (!days.length) return null;
    const sorted = [...days].sort();
    return { from: new Date(`${addDays(sorted[0] as string, -1)}T00:00:00Z`), until: new Date(`${addDays(sorted[sorted.length - 1] as string, 2)}T00:00:00Z`) };
  }

  match(name: string, day: string, time: string | null): EventMatch {
    const candidates = this.#byDayAndName.get(`${day}|${nameKey(name)}`) ?? [];
    const timed = time ? candidates.filter((c) => c.time === time) : candidates;
    if (timed.length === 1) return { eventId: (timed[0] as { id: string }).id };
    return { eventId: null, ambiguous: timed.length > 1 };
  }
}
