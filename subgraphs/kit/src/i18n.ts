/** Languages the registry speaks (fi, sv, en), picked from Accept-Language. */
export const LOCALES = ['fi', 'sv', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'fi';

/** Returns the first supported language in an Accept-Language header, by q-value order. */
export function pickLocale(acceptLanguage: string | null | undefined): Locale {
  if (!acceptLanguage) return DEFAULT_LOCALE;
  // Every request carries one of a few header values (each browser's, the gateway's `fi`/`sv`/`en`): parsed once each.
  const known = picked.get(acceptLanguage);
  if (known) return known;
  const locale = rankLocale(acceptLanguage);
  if (acceptLanguage.length <= 200) {
    if (picked.size >= 500) picked.clear();
    picked.set(acceptLanguage, locale);
  }
  return locale;
}

const picked = new Map<string, Locale>();

function rankLocale(acceptLanguage: string): Locale {
  const ranked = acceptLanguage
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: tag.toLowerCase(), q: q ? Number(q.slice(2)) || 0 : 1, index };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of ranked) {
    const base = tag.split('-')[0] as Locale;
    if ((LOCALES as readonly string[]).includes(base)) return base;
  }
  return DEFAULT_LOCALE;
}

export type Messages = Record<Locale, string>;
