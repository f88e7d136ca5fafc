import { describe, expect, it } from 'vitest';
import { containsPersonalIdentityCode } from './privacy.js';

describe('R9: personal identity code detection', () => {
  it.each(['131052-308T', 'synt. 131052-308T, kiitos', '010594Y9032', '010101A123N'.toLowerCase().replace('a', 'A')])('finds %s', (text) => {
    expect(containsPersonalIdentityCode(text)).toBe(true);
  });

  it.each([
    ['a card code', 'AM99001234'],
    ['an old card code', 'E1234'],
    ['a wrong check character', '131052-308U'],
    ['an impossible date', '321352-308T'],
    ['a postal code and a year', '33100 1985'],
    ['an event name with digits', 'Konsertti 12.12.2025 klo 19'],
  ])('does not flag %s', (_label, text) => {
    expect(containsPersonalIdentityCode(text)).toBe(false);
  });
});
