import { describe, expect, it } from 'vitest';
import { pickLocale } from './i18n.js';

describe('pickLocale (Accept-Language → fi | sv | en)', () => {
  it.each([
    [undefined, 'fi'],
    ['', 'fi'],
    ['sv-FI,sv;q=0.9,en;q=0.8', 'sv'],
    ['de-DE,en;q=0.5', 'en'],
    ['en;q=0.3, sv;q=0.7', 'sv'],
    ['fi;q=0, en', 'en'],
    ['de, fr', 'fi'],
    ['EN-gb', 'en'],
  ])('%s → %s', (header, expected) => {
    expect(pickLocale(header)).toBe(expected);
  });
});
