import type { CombinedError } from '@urql/core';
import { errorCode } from '../graphql/client.js';
import { locale } from '../i18n/locale.svelte.js';
import type { MessageKey } from '../i18n/index.js';

const KNOWN = new Set(['BAD_USER_INPUT', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'RATE_LIMITED', 'INTERNAL_SERVER_ERROR', 'NETWORK']);

export interface UiError {
  code: string;
  message: string;
  /** The input the server blamed, when it named one (extensions.details.field). */
  field?: string;
}

/**
 * What to show for a failed operation. The server has already written the
 * message in the caller's language (Accept-Language); a network failure gets
 * the catalogue's message.
 */
export function uiError(error: CombinedError | undefined): UiError | undefined {
  const code = errorCode(error);
  if (!code || !error) return undefined;
  if (code === 'NETWORK') return { code, message: locale.t('error.NETWORK') };
  const first = error.graphQLErrors[0];
  const details = first?.extensions?.details as { field?: unknown } | undefined;
  const message = first?.message || (KNOWN.has(code) ? locale.t(`error.${code}` as MessageKey) : locale.t('error.INTERNAL_SERVER_ERROR'));
  return { code, message, ...(typeof details?.field === 'string' ? { field: details.field } : {}) };
}
