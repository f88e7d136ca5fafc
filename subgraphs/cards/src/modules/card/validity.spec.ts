import { todayInFinland } from '@kaikukanta/kit';
import { describe, expect, it } from 'vitest';
import { statusOn, type CardValidity } from './card-status.js';
import { addDays, addMonths, lastValidDay, MINIMUM_AGE, oldEnough, VALIDITY_MONTHS, yearOf } from './validity.js';

describe('R5: the last valid day is twelve months from the grant date', () => {
  it.each([
    ['an ordinary day', '2025-03-15', '2026-03-14'],
    ['a leap day (no 29 February next year)', '2024-02-29', '2025-02-28'],
    ['the next leap day', '2028-02-29', '2029-02-28'],
    ['the day after a leap day', '2024-03-01', '2025-02-28'],
    ['1 March before a leap year (the year ends on the leap day)', '2023-03-01', '2024-02-29'],
    ['28 February before a leap year', '2023-02-28', '2024-02-27'],
    ['the last day of a year', '2025-12-31', '2026-12-30'],
    ['the first day of a year', '2026-01-01', '2026-12-31'],
    ['the last day of a 31-day month', '2025-01-31', '2026-01-30'],
    ['a day around the spring DST switch', '2026-03-29', '2027-03-28'],
    ['a day around the autumn DST switch', '2026-10-25', '2027-10-24'],
  ])('%s: granted %s → last valid day %s', (_label, grantedOn, expected) => {
    expect(lastValidDay(grantedOn)).toBe(expected);
    expect(VALIDITY_MONTHS).toBe(12);
  });

  it.each([
    ['ends before the year: the trial decides', '2025-03-15', '2025-09-30', '2025-09-30'],
    ['ends on the grant day', '2025-03-15', '2025-03-15', '2025-03-15'],
    ['ends on the year’s last day', '2025-03-15', '2026-03-14', '2026-03-14'],
    ['ends after the year: the year decides', '2025-03-15', '2026-06-30', '2026-03-14'],
    ['a leap-day grant with a trial to the end of February', '2024-02-29', '2025-02-28', '2025-02-28'],
    ['a leap-day grant with a trial past the year', '2024-02-29', '2025-03-01', '2025-02-28'],
    ['a year-end grant with a trial across the new year', '2025-12-31', '2026-01-31', '2026-01-31'],
    ['no trial', '2025-12-31', null, '2026-12-30'],
  ])('granted on trial that %s', (_label, grantedOn, trialEndsOn, expected) => {
    expect(lastValidDay(grantedOn, trialEndsOn)).toBe(expected);
  });

  it('refuses what is not a calendar date', () => {
    expect(() => lastValidDay('2025-02-29')).toThrow(RangeError);
    expect(() => lastValidDay('2025-13-01')).toThrow(RangeError);
    expect(() => addDays('15.3.2025', 1)).toThrow(RangeError);
  });
});

describe('R5: calendar arithmetic', () => {
  it.each([
    ['2024-02-28', 1, '2024-02-29'],
    ['2024-02-29', 1, '2024-03-01'],
    ['2025-02-28', 1, '2025-03-01'],
    ['2025-12-31', 1, '2026-01-01'],
    ['2026-01-01', -1, '2025-12-31'],
    ['2026-03-29', 1, '2026-03-30'],
    ['2026-10-25', 1, '2026-10-26'],
  ])('addDays(%s, %i) = %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
  });

  it.each([
    ['2024-02-29', 12, '2025-03-01'],
    ['2024-02-29', 48, '2028-02-29'],
    ['2026-03-15', -12, '2025-03-15'],
    ['2025-02-28', -12, '2024-02-28'],
    ['2025-03-01', -12, '2024-03-01'],
    ['2025-12-31', 12, '2026-12-31'],
  ])('addMonths(%s, %i) = %s (a day the month lacks rolls over)', (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });

  it('yearOf', () => {
    expect(yearOf('2026-01-01')).toBe(2026);
  });
});

describe('R4: the holder turns 16 in the grant year or earlier (birth year decides)', () => {
  it.each([
    ['exactly 16 in the grant year, granted on 1 January', 2010, '2026-01-01', true],
    ['exactly 16 in the grant year, granted on 31 December', 2010, '2026-12-31', true],
    ['16 in a leap-day grant year', 2008, '2024-02-29', true],
    ['older', 1950, '2026-06-15', true],
    ['15 in the grant year, granted on 31 December', 2011, '2026-12-31', false],
    ['15 in the grant year, granted on 1 January', 2011, '2026-01-01', false],
    ['born in the grant year', 2026, '2026-06-15', false],
  ])('%s: born %i, granted %s → %s', (_label, birthYear, grantedOn, expected) => {
    expect(oldEnough(birthYear, grantedOn)).toBe(expected);
    expect(MINIMUM_AGE).toBe(16);
  });
});

describe('R5, R13: todayInFinland — the Helsinki calendar day, whatever the server’s zone', () => {
  it.each([
    ['22:30 UTC in winter time (UTC+2) is already the next day', '2026-03-28T22:30:00Z', '2026-03-29'],
    ['21:59 UTC in winter time is still the same day', '2026-03-28T21:59:59Z', '2026-03-28'],
    ['22:00 UTC in winter time is midnight in Helsinki', '2026-03-28T22:00:00Z', '2026-03-29'],
    ['21:30 UTC after the switch to summer time (UTC+3) is the next day', '2026-03-29T21:30:00Z', '2026-03-30'],
    ['20:59 UTC in summer time is still the same day', '2026-03-29T20:59:59Z', '2026-03-29'],
    ['the night of the switch: 00:30 UTC is 02:30 Helsinki', '2026-03-29T00:30:00Z', '2026-03-29'],
    ['21:30 UTC on the last summer-time evening is the next day', '2026-10-24T21:30:00Z', '2026-10-25'],
    ['21:30 UTC after the switch back to UTC+2 is the same day', '2026-10-25T21:30:00Z', '2026-10-25'],
    ['22:30 UTC on New Year’s Eve is already the new year', '2025-12-31T22:30:00Z', '2026-01-01'],
    ['22:30 UTC on 28 February of a leap year is the leap day', '2028-02-28T22:30:00Z', '2028-02-29'],
  ])('%s (%s → %s)', (_label, instant, expected) => {
    expect(todayInFinland(new Date(instant))).toBe(expected);
  });
});

describe('R3, R5, R6, R13: statusOn — can the card be used on a day', () => {
  const active: CardValidity = { state: 'ACTIVE', grantedOn: '2026-01-10', validUntil: '2027-01-09', closedOn: null };

  it.each([
    ['on the grant day', '2026-01-10'],
    ['in the middle', '2026-06-15'],
    ['on the last valid day', '2027-01-09'],
  ])('an active card is usable %s', (_label, day) => {
    expect(statusOn(active, day)).toEqual({ usable: true, reason: null });
  });

  it('NOT_YET_VALID the day before the grant', () => {
    expect(statusOn(active, '2026-01-09')).toEqual({ usable: false, reason: 'NOT_YET_VALID' });
  });

  it('EXPIRED the day after the last valid day', () => {
    expect(statusOn(active, '2027-01-10')).toEqual({ usable: false, reason: 'EXPIRED' });
  });

  it('ENDED from the end day on, usable the day before', () => {
    const ended: CardValidity = { ...active, state: 'ENDED', closedOn: '2026-05-01' };
    expect(statusOn(ended, '2026-04-30')).toEqual({ usable: true, reason: null });
    expect(statusOn(ended, '2026-05-01')).toEqual({ usable: false, reason: 'ENDED' });
    // Ending is what the holder needs to hear about, also after the card would have expired anyway.
    expect(statusOn(ended, '2027-02-01')).toEqual({ usable: false, reason: 'ENDED' });
  });

  it('OUT_OF_USE from the day it was taken out of use', () => {
    const outOfUse: CardValidity = { ...active, state: 'OUT_OF_USE', closedOn: '2026-03-01' };
    expect(statusOn(outOfUse, '2026-02-28')).toEqual({ usable: true, reason: null });
    expect(statusOn(outOfUse, '2026-03-01')).toEqual({ usable: false, reason: 'OUT_OF_USE' });
    expect(statusOn(outOfUse, '2027-06-01')).toEqual({ usable: false, reason: 'OUT_OF_USE' });
  });

  it('NOT_YET_VALID before the grant even for a card closed since', () => {
    expect(statusOn({ ...active, state: 'ENDED', closedOn: '2026-02-01' }, '2026-01-01')).toEqual({ usable: false, reason: 'NOT_YET_VALID' });
  });

  it('an extended card is usable until its new last valid day', () => {
    const extended: CardValidity = { ...active, validUntil: '2027-12-31' };
    expect(statusOn(extended, '2027-06-01')).toEqual({ usable: true, reason: null });
    expect(statusOn(extended, '2028-01-01')).toEqual({ usable: false, reason: 'EXPIRED' });
  });

  it('a leap-day grant expires on 1 March of the next year', () => {
    const leap: CardValidity = { state: 'ACTIVE', grantedOn: '2024-02-29', validUntil: lastValidDay('2024-02-29') };
    expect(statusOn(leap, '2025-02-28')).toEqual({ usable: true, reason: null });
    expect(statusOn(leap, '2025-03-01')).toEqual({ usable: false, reason: 'EXPIRED' });
  });
});
