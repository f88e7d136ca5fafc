import { INTL_LOCALES, type MessageKey } from '../i18n/index.js';
import { locale } from '../i18n/locale.svelte.js';

interface Localized {
  fi: string;
  sv: string;
  en: string;
}

/** A server-side name in the UI language. */
export function localized(text: Localized | null | undefined): string {
  return text ? text[locale.current] : '';
}

/** "Card distributor — Tampereen sosiaalipalvelut": a role with its organisation or region. */
export function membershipLabel(membership: {
  role: string;
  organization?: { name: string } | null;
  region?: { name: Localized } | null;
  /** A culture officer's municipality (decision 0022): named instead of the region. */
  municipality?: { name: Localized } | null;
}): string {
  const role = locale.t(`role.${membership.role}` as MessageKey);
  const place = membership.municipality ?? membership.region;
  const scope = membership.organization?.name ?? (place ? localized(place.name) : locale.t('users.national'));
  return `${role} — ${scope}`;
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return locale.t('common.none');
  const tag = INTL_LOCALES[locale.current];
  return new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Helsinki' }).format(new Date(iso));
}

export function formatNumber(value: number): string {
  const tag = INTL_LOCALES[locale.current];
  return new Intl.NumberFormat(tag).format(value);
}

/** Today's date in Finland (YYYY-MM-DD): the registry's days are Helsinki days. */
export function todayInFinland(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** A YYYY-MM-DD day as the user's language writes it (15.3.2026 / 15.3.2026 / 15 Mar 2026). */
export function formatDate(day: string | null | undefined): string {
  if (!day) return locale.t('common.none');
  const tag = INTL_LOCALES[locale.current];
  return new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
}
