import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { CATALOGUES, INTL_LOCALES, LOCALES, translate, type Locale, type MessageKey } from './index.js';

/** The parts of an ICU MessageFormat AST element this check reads (types as numbered by @formatjs/icu-messageformat-parser). */
interface Element {
  type: number;
  value?: unknown;
  options?: Record<string, { value: Element[] }>;
  children?: Element[];
}
const KIND: Record<number, string> = { 1: 'text', 2: 'number', 3: 'date', 4: 'time', 5: 'select', 6: 'plural' };

/** Each argument of a message with its kind ("count:plural", "name:text"), and the option keys of every plural. */
function argumentsOf(locale: Locale, key: MessageKey): { args: string[]; plurals: string[][] } {
  const ast = new IntlMessageFormat(CATALOGUES[locale][key], INTL_LOCALES[locale], undefined, { ignoreTag: true }).getAst() as Element[];
  const args = new Set<string>();
  const plurals: string[][] = [];
  const walk = (elements: Element[]) => {
    for (const element of elements) {
      const kind = KIND[element.type];
      if (kind) args.add(`${String(element.value)}:${kind}`);
      if (kind === 'plural') plurals.push(Object.keys(element.options ?? {}));
      for (const option of Object.values(element.options ?? {})) walk(option.value);
      walk(element.children ?? []);
    }
  };
  walk(ast);
  return { args: [...args].sort(), plurals };
}

const keys = Object.keys(CATALOGUES.fi).sort() as MessageKey[];

describe('message catalogues (fi, sv, en)', () => {
  it.each(['sv', 'en'] as const)('%s has exactly the Finnish keys', (locale) => {
    expect(Object.keys(CATALOGUES[locale]).sort()).toEqual(keys);
  });

  it.each(LOCALES)('%s: every message is non-empty ICU MessageFormat with the same arguments, of the same kinds, as Finnish', (locale) => {
    for (const key of keys) {
      expect(CATALOGUES[locale][key].trim(), key).not.toBe('');
      expect(argumentsOf(locale, key).args, key).toEqual(argumentsOf('fi', key).args);
    }
  });

  it.each(LOCALES)('%s: a count is always a plural with "one" and "other" forms, never a bare {count}', (locale) => {
    for (const key of keys) {
      const { args, plurals } = argumentsOf(locale, key);
      expect(args.filter((arg) => arg.startsWith('count:') && arg !== 'count:plural'), key).toEqual([]);
      for (const options of plurals) expect(options, key).toEqual(expect.arrayContaining(['one', 'other']));
    }
  });

  it('tells a plural from a plain argument and refuses a malformed message', () => {
    const parse = (message: string) => new IntlMessageFormat(message, 'fi-FI').getAst() as Element[];
    expect(parse('{count, plural, one {# kortti} other {# korttia}}')[0]?.type).toBe(6);
    expect(parse('{count} korttia')[0]?.type).toBe(1);
    expect(() => parse('{count, plural, one {# kortti}')).toThrow();
  });
});

describe('translate', () => {
  it('fills arguments', () => {
    expect(translate('sv', 'users.revokeConfirm', { role: 'Analytiker', name: 'Eva' })).toBe('Ta bort rollen Analytiker från Eva?');
  });

  it.each([
    ['fi', 1, '1 kortti'],
    ['fi', 2, '2 korttia'],
    ['fi', 0, '0 korttia'],
    ['fi', 14789, '14\u00a0789 korttia'],
    ['sv', 1, '1 kort'],
    ['sv', 14789, '14\u00a0789 kort'],
    ['en', 1, '1 card'],
    ['en', 2, '2 cards'],
    ['en', 14789, '14,789 cards'],
  ] as const)('%s: %d → "%s" (plural form and the language’s digit grouping)', (locale, count, expected) => {
    expect(translate(locale, 'cards.count', { count })).toBe(expected);
  });

  it('plural sentences read naturally for one, many and none', () => {
    expect(translate('fi', 'community.ended', { count: 1 })).toBe('1 kortti päätetty.');
    expect(translate('sv', 'community.ended', { count: 3 })).toBe('3 kort avslutade.');
    expect(translate('en', 'check.childTickets', { count: 1 })).toBe('At most 1 child ticket');
    expect(translate('en', 'check.childTickets', { count: 2 })).toBe('At most 2 child tickets');
    expect(translate('fi', 'check.childTickets', { count: 0 })).toBe('Ei lastenlippuja');
    expect(translate('en', 'home.organizations', { count: 3 })).toBe('3 organisations');
  });

  it('a missing argument does not break the page: the message is shown unformatted', () => {
    expect(translate('en', 'org.editing')).toBe('Editing: {name}');
  });
});
