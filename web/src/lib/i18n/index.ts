import { IntlMessageFormat } from 'intl-messageformat';
import { en } from './en.js';
import { fi, type Catalogue, type MessageKey } from './fi.js';
import { sv } from './sv.js';

export const LOCALES = ['fi', 'sv', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export type { MessageKey };

export const CATALOGUES: Record<Locale, Catalogue> = { fi, sv, en };

/** Each language named in itself, for the language switch. */
export const LOCALE_NAMES: Record<Locale, string> = { fi: 'Suomi', sv: 'Svenska', en: 'English' };

/** The Intl locale of each language: plural rules, numbers and dates as written in Finland (Swedish as in Finland, English as in Britain). */
export const INTL_LOCALES: Record<Locale, string> = { fi: 'fi-FI', sv: 'sv-FI', en: 'en-GB' };

/** A value for a message argument: `{name}` takes text or a number, `{count, plural, …}` a number. */
export type MessageParams = Record<string, string | number>;

const compiled = new Map<string, IntlMessageFormat>();

function formatter(locale: Locale, key: MessageKey): IntlMessageFormat {
  const id = `${locale}:${key}`;
  let format = compiled.get(id);
  if (!format) {
    // `ignoreTag`: a `<` in a message is text, not markup.
    format = new IntlMessageFormat(CATALOGUES[locale][key], INTL_LOCALES[locale], undefined, { ignoreTag: true });
    compiled.set(id, format);
  }
  return format;
}

/**
 * Formats an ICU MessageFormat message of the catalogue: `{name}` arguments,
 * `{count, plural, one {# kortti} other {# korttia}}` plurals (numbers written
 * the language's way). A missing argument leaves the message unformatted rather
 * than breaking the page; the catalogue test keeps arguments in step.
 */
export function translate(locale: Locale, key: MessageKey, params: MessageParams = {}): string {
  if (!(key in CATALOGUES[locale])) return key;
  try {
    return String(formatter(locale, key).format(params));
  } catch {
    return CATALOGUES[locale][key];
  }
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}
