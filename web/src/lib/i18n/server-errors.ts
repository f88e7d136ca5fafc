import { CATALOGUES, translate, type Locale, type MessageKey } from './index.js';

/** What the client keeps of a server error: its stable code, what it blamed, and the message as the server wrote it. */
export interface ServerError {
  code: string;
  /** `extensions.details.field`, when the server named the input. */
  field?: string;
  /** `extensions.details.reason`, when the server said why. */
  reason?: string;
  /** The server's message, written in `serverLocale` (the request's Accept-Language). */
  serverMessage?: string;
  serverLocale: Locale;
}

/** BAD_USER_INPUT by `field:reason`, then by `field`, then by `*:reason`: what the web app meets. */
const INPUT: Record<string, MessageKey> = {
  code: 'error.input.code',
  'birthYear:UNDER_16': 'error.input.under16',
  birthYear: 'error.input.birthYear',
  postalCode: 'error.input.postalCode',
  minorChildren: 'error.input.minorChildren',
  lifeSituations: 'error.input.lifeSituations',
  email: 'error.input.email',
  '*:REQUIRED': 'error.input.required',
  grantedOn: 'error.input.day',
  trialEndsOn: 'error.input.day',
  validUntil: 'error.input.day',
  renewedOn: 'error.input.day',
  endsOn: 'error.input.day',
  on: 'error.input.day',
  contentBase64: 'import.input.contentBase64',
  'providerId:PROVIDER_REQUIRED': 'import.input.providerRequired',
};

const isMessageKey = (key: string): key is MessageKey => key in CATALOGUES.fi;

/** The catalogue's message for a coded error: the most specific one known, else the code's generic one, else "did not succeed". */
export function catalogueKeyOf(error: Pick<ServerError, 'code' | 'field' | 'reason'>): MessageKey {
  const { code, field, reason } = error;
  if (code === 'BAD_USER_INPUT') {
    return INPUT[`${field}:${reason}`] ?? (field ? INPUT[field] : undefined) ?? INPUT[`*:${reason}`] ?? 'error.BAD_USER_INPUT';
  }
  const key = `error.${code}`;
  return isMessageKey(key) ? key : 'error.UNKNOWN';
}

/**
 * An error's message in `locale`. The server's own message is the most precise
 * (it may name limits the client does not know), so it is shown while the UI
 * is in the language it was written in; after a language switch the
 * catalogue's message for the code takes over, so no error stays in the old
 * language.
 */
export function localizeError(locale: Locale, error: ServerError): string {
  if (error.serverMessage && error.serverLocale === locale && error.code !== 'NETWORK') return error.serverMessage;
  return translate(locale, catalogueKeyOf(error));
}
