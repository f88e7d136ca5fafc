import type { CombinedError } from '@urql/core';
import { locale } from '../i18n/locale.svelte.js';
import { localizeError, type ServerError } from '../i18n/server-errors.js';

export interface UiError {
  readonly code: string;
  /** In the current UI language, also after a language switch (read it where it is shown, not once). */
  readonly message: string;
  /** The input the server blamed, when it named one (extensions.details.field). */
  readonly field?: string;
  /** R14: GROUP_REFUSED's reasons per card (`member` -1 is the staff card, 0… the members in the order sent). */
  readonly problems?: readonly CardProblem[];
}

/** One refused card of a group, its code mapped to the catalogue's message in the current language. */
export interface CardProblem {
  readonly code: string;
  readonly member: number;
  readonly message: string;
}

/** A coded error whose message follows `locale.current` (a rune): read in a template, it re-renders on a switch. */
class LocalizedError implements UiError {
  constructor(
    private readonly error: ServerError,
    private readonly cardProblems: readonly (ServerError & { member?: number })[] = [],
  ) {}
  get problems(): readonly CardProblem[] | undefined {
    if (!this.cardProblems.length) return undefined;
    return this.cardProblems.map((p) => ({ code: p.code, member: p.member ?? -1, message: localizeError(locale.current, p) }));
  }
  get code(): string {
    return this.error.code;
  }
  get field(): string | undefined {
    return this.error.field;
  }
  get message(): string {
    return localizeError(locale.current, this.error);
  }
}

/** The stable code of the first GraphQL error, or NETWORK when the gateway could not be reached. */
export function errorCode(error: CombinedError | undefined): string | undefined {
  if (!error) return undefined;
  if (error.networkError && !error.graphQLErrors.length) return 'NETWORK';
  const code = error.graphQLErrors[0]?.extensions?.code;
  return typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR';
}

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/**
 * What to show for a failed operation. The server writes its message in the
 * request's language (Accept-Language); the stable code maps to the
 * catalogue's message, which is shown once the user has switched language.
 */
export function uiError(error: CombinedError | undefined): UiError | undefined {
  const code = errorCode(error);
  if (!code || !error) return undefined;
  const first = code === 'NETWORK' ? undefined : error.graphQLErrors[0];
  const details = first?.extensions?.details as { field?: unknown; reason?: unknown; problems?: unknown } | undefined;
  const field = text(details?.field);
  const reason = text(details?.reason);
  const problems = Array.isArray(details?.problems) ? (details.problems as { code?: unknown; member?: unknown; message?: unknown }[]) : [];
  return new LocalizedError(
    {
      code,
      serverLocale: locale.current,
      ...(first?.message ? { serverMessage: first.message } : {}),
      ...(field ? { field } : {}),
      ...(reason ? { reason } : {}),
    },
    problems.flatMap((p) => {
      const problemCode = text(p.code);
      if (!problemCode) return [];
      const message = text(p.message);
      return [{ code: problemCode, serverLocale: locale.current, ...(message ? { serverMessage: message } : {}), ...(typeof p.member === 'number' ? { member: p.member } : {}) }];
    }),
  );
}
