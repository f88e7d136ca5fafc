import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatHelsinki, fromHelsinki, LocalTimeError, toHelsinki } from './event-time.js';

/** Event start times are Helsinki wall time (decision 0014), correct across the DST changes of 2026. */

const problem = (local: string) => {
  try {
    fromHelsinki(local);
    return null;
  } catch (error) {
    return error instanceof LocalTimeError ? error.problem : 'OTHER';
  }
};

describe('Helsinki wall time ↔ instant', () => {
  it.each([
    ['winter time is UTC+2', '2026-01-15T19:00', '2026-01-15T17:00:00.000Z'],
    ['summer time is UTC+3', '2026-07-01T19:00', '2026-07-01T16:00:00.000Z'],
    ['spring forward: 02:59 is still winter time', '2026-03-29T02:59', '2026-03-29T00:59:00.000Z'],
    ['spring forward: 04:00 is already summer time', '2026-03-29T04:00', '2026-03-29T01:00:00.000Z'],
    ['fall back: 03:30 without an offset is the first, summer-time one', '2026-10-25T03:30', '2026-10-25T00:30:00.000Z'],
    ['fall back: 03:30+02:00 is the second one, an hour later', '2026-10-25T03:30+02:00', '2026-10-25T01:30:00.000Z'],
    ['fall back: 04:00 is winter time', '2026-10-25T04:00', '2026-10-25T02:00:00.000Z'],
    ['seconds and an explicit offset', '2026-12-31T23:59:30+02:00', '2026-12-31T21:59:30.000Z'],
  ])('%s', (_name, local, utc) => {
    expect(fromHelsinki(local).toISOString()).toBe(utc);
  });

  it.each(['2026-03-29T03:00', '2026-03-29T03:30', '2026-03-29T03:59'])('spring forward: %s does not exist on Finnish clocks and is refused', (local) => {
    expect(problem(local)).toBe('NONEXISTENT');
  });

  it.each(['2026-02-29T10:00', '2026-13-01T10:00', '2026-01-01 10:00', '19:00', '2026-01-01T24:00', '2026-07-01T19:00+02:00', ''])('%j is malformed (or an offset Helsinki did not have)', (local) => {
    expect(problem(local)).toBe('MALFORMED');
  });

  it.each([
    ['2026-03-29T00:59:00.000Z', '2026-03-29T02:59+02:00'],
    ['2026-03-29T01:00:00.000Z', '2026-03-29T04:00+03:00'],
    ['2026-10-25T00:30:00.000Z', '2026-10-25T03:30+03:00'],
    ['2026-10-25T01:30:00.000Z', '2026-10-25T03:30+02:00'],
  ])('%s is shown as %s, and reads back to the same instant across the DST change', (utc, shown) => {
    expect(formatHelsinki(new Date(utc))).toBe(shown);
    expect(fromHelsinki(shown).toISOString()).toBe(utc);
  });
});

describe('toHelsinki (one Intl call per UTC hour, issue 12)', () => {
  const intl = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Helsinki', hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
  const byIntl = (instant: Date) => {
    const p = Object.fromEntries(intl.formatToParts(instant).map(({ type, value }) => [type, value]));
    return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}`;
  };

  it('gives the wall time Intl gives, to the second, for any instant — DST changes, their edges and other centuries included', () => {
    const edges = ['2026-03-29T00:59:59.999Z', '2026-03-29T01:00:00.000Z', '2026-10-25T00:59:59.999Z', '2026-10-25T01:00:00.000Z', '1989-12-31T23:59:59.999Z', '2099-12-31T23:59:59.999Z', '1921-04-30T22:20:10.000Z', '1921-04-30T22:20:11.000Z'];
    for (const edge of edges) expect(toHelsinki(new Date(edge)), edge).toBe(byIntl(new Date(edge)));
    fc.assert(
      fc.property(fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2200-01-01T00:00:00Z'), noInvalidDate: true }), (instant) => {
        expect(toHelsinki(instant)).toBe(byIntl(instant));
      }),
      { numRuns: 5_000 },
    );
  });
});
