import { describe, expect, it } from 'vitest';
import { formatDayInput, parseDayInput } from './day-input.js';

describe('date fields in the chosen language', () => {
  it.each([
    ['fi-FI', '5.3.2026'],
    ['sv-FI', '5.3.2026'],
    ['en-GB', '05/03/2026'],
  ])('%s writes 2026-03-05 as %s, and reads it back', (tag, shown) => {
    expect(formatDayInput('2026-03-05', tag)).toBe(shown);
    expect(parseDayInput(shown)).toBe('2026-03-05');
  });

  it.each([
    ['15.3.2026', '2026-03-15'],
    [' 15. 3. 2026 ', '2026-03-15'],
    ['15/03/2026', '2026-03-15'],
    ['15,3,2026', '2026-03-15'],
    ['15.3.26', '2026-03-15'],
    ['2026-03-15', '2026-03-15'],
    ['29.2.2028', '2028-02-29'],
  ])('reads %s as %s', (text, day) => {
    expect(parseDayInput(text)).toBe(day);
  });

  it.each(['', '31.2.2026', '29.2.2027', '3/15/2026', '15.13.2026', 'huomenna', '1.1.1800', '2026-3'])('refuses %j', (text) => {
    expect(parseDayInput(text)).toBeUndefined();
  });

  it('shows nothing for no day', () => {
    expect(formatDayInput('', 'fi-FI')).toBe('');
  });
});
