import { isLocale, LOCALES, translate, type Locale, type MessageKey, type MessageParams } from './index.js';

const STORAGE_KEY = 'kaikukanta.locale';

function initialLocale(): Locale {
  if (typeof window === 'undefined') return 'fi';
  const stored = window.localStorage.getItem(STORAGE_KEY);
  if (isLocale(stored)) return stored;
  const preferred = navigator.languages.map((tag) => tag.slice(0, 2).toLowerCase()).find((tag) => isLocale(tag));
  return preferred && isLocale(preferred) ? preferred : 'fi';
}

/** The UI language: remembered in this browser, reflected in `<html lang>`, sent to the API as Accept-Language. */
class LocaleState {
  current = $state<Locale>(initialLocale());

  set(locale: Locale): void {
    this.current = locale;
    window.localStorage.setItem(STORAGE_KEY, locale);
    document.documentElement.lang = locale;
  }

  t = (key: MessageKey, params?: MessageParams): string => translate(this.current, key, params);

  readonly all = LOCALES;
}

export const locale = new LocaleState();
