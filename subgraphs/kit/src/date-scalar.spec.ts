import { describe, expect, it } from 'vitest';
import { addDays, todayInFinland } from './dates.js';
import { isLocalDate, LocalDateScalar } from './date-scalar.js';

describe('Date scalar (YYYY-MM-DD)', () => {
  it.each(['2024-02-29', '2025-12-31', '2026-01-01'])('accepts %s', (value) => {
    expect(isLocalDate(value)).toBe(true);
    expect(LocalDateScalar.parseValue(value)).toBe(value);
  });

  it.each(['2025-02-29', '2025-13-01', '2025-1-1', '01.02.2025', '2025-04-31', ''])('refuses %s with BAD_USER_INPUT', (value) => {
    expect(() => LocalDateScalar.parseValue(value)).toThrow(expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT' } }));
  });
});

describe('Finnish calendar days', () => {
  it('takes the date in Europe/Helsinki, not UTC: 23:30 UTC on 31 Dec is already New Year in Finland', () => {
    expect(todayInFinland(new Date('2025-12-31T23:30:00Z'))).toBe('2026-01-01');
    expect(todayInFinland(new Date('2025-06-30T20:59:00Z'))).toBe('2025-06-30');
    expect(todayInFinland(new Date('2025-06-30T21:00:00Z'))).toBe('2025-07-01');
  });

  it('adds days across month, year and leap-day boundaries', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2026-03-29', -1)).toBe('2026-03-28');
  });
});
