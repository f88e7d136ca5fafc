import type { MessageKey } from '../i18n/index.js';
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
export function membershipLabel(membership: { role: string; organization?: { name: string } | null; region?: { name: Localized } | null }): string {
  const role = locale.t(`role.${membership.role}` as MessageKey);
  const scope = membership.organization?.name ?? (membership.region ? localized(membership.region.name) : locale.t('users.national'));
  return `${role} — ${scope}`;
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return locale.t('common.none');
  const tag = { fi: 'fi-FI', sv: 'sv-FI', en: 'en-GB' }[locale.current];
  return new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Helsinki' }).format(new Date(iso));
}

export function formatNumber(value: number): string {
  const tag = { fi: 'fi-FI', sv: 'sv-FI', en: 'en-GB' }[locale.current];
  return new Intl.NumberFormat(tag).format(value);
}
