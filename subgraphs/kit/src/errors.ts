import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { Logger } from './logger.js';
import { DEFAULT_LOCALE, type Locale, type Messages } from './i18n.js';

/**
 * Errors are part of the contract (STYLE habit 12): every error a client can
 * act on carries a stable `extensions.code` and a message in the caller's
 * language. Anything else is an internal error: masked for the client and
 * logged with the request id.
 */
export const GENERIC_MESSAGES = {
  BAD_USER_INPUT: {
    fi: 'Tarkista syötetyt tiedot.',
    sv: 'Kontrollera uppgifterna.',
    en: 'Check the input.',
  },
  UNAUTHENTICATED: {
    fi: 'Kirjaudu sisään.',
    sv: 'Logga in.',
    en: 'Please log in.',
  },
  FORBIDDEN: {
    fi: 'Sinulla ei ole oikeutta tähän toimintoon.',
    sv: 'Du har inte behörighet till den här åtgärden.',
    en: 'You are not allowed to do this.',
  },
  NOT_FOUND: {
    fi: 'Tietoa ei löytynyt.',
    sv: 'Uppgiften hittades inte.',
    en: 'Not found.',
  },
  CONFLICT: {
    fi: 'Tieto on jo olemassa.',
    sv: 'Uppgiften finns redan.',
    en: 'It already exists.',
  },
  RATE_LIMITED: {
    fi: 'Liian monta yritystä. Yritä hetken kuluttua uudelleen.',
    sv: 'För många försök. Försök igen om en stund.',
    en: 'Too many attempts. Try again in a moment.',
  },
  INTERNAL_SERVER_ERROR: {
    fi: 'Palvelussa tapahtui virhe. Yritä uudelleen.',
    sv: 'Ett fel inträffade i tjänsten. Försök igen.',
    en: 'Something went wrong. Please try again.',
  },
} satisfies Record<string, Messages>;

export type GenericErrorCode = keyof typeof GENERIC_MESSAGES;

export interface AppErrorOptions {
  /** Localised messages; defaults to the generic message of the code. */
  messages?: Messages;
  /** Machine-readable details a client may act on (e.g. the offending field). Never personal data. */
  details?: Record<string, unknown>;
}

/** An error the client can act on. Thrown by services; rendered by {@link formatError}. */
export class AppError extends Error {
  readonly code: string;
  readonly messages: Messages;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: string, options: AppErrorOptions = {}) {
    const messages = options.messages ?? (GENERIC_MESSAGES as Record<string, Messages>)[code] ?? GENERIC_MESSAGES.INTERNAL_SERVER_ERROR;
    super(messages.en);
    this.name = 'AppError';
    this.code = code;
    this.messages = messages;
    this.details = options.details;
  }

  toGraphQLError(locale: Locale): GraphQLError {
    return new GraphQLError(this.messages[locale] ?? this.messages[DEFAULT_LOCALE], {
      extensions: { code: this.code, ...(this.details ? { details: this.details } : {}) },
    });
  }
}

export const badInput = (field: string, messages?: Messages, reason?: string) =>
  new AppError('BAD_USER_INPUT', { messages, details: { field, ...(reason ? { reason } : {}) } });
export const forbidden = () => new AppError('FORBIDDEN');
export const unauthenticated = () => new AppError('UNAUTHENTICATED');
export const notFound = () => new AppError('NOT_FOUND');

/** Codes produced by GraphQL itself for malformed operations: safe to show as they are. */
const PASS_THROUGH_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

/**
 * Apollo Server `formatError`: keeps AppErrors (localised) and GraphQL's own
 * validation errors, masks everything else and logs it with the request id.
 * `BAD_USER_INPUT` from variable coercion is kept: it names the variable, not
 * its value.
 */
export function createErrorFormatter(
  logger: Logger,
  localeOf: () => Locale = () => DEFAULT_LOCALE,
  options: { trustSubgraphErrors?: boolean } = {},
) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = rootCause(error);
    // At the gateway: a subgraph has already localised or masked its errors; keep its code and message,
    // drop which service said it (the topology is nobody's business).
    const serviceName = formatted.extensions?.serviceName;
    if (options.trustSubgraphErrors && typeof serviceName === 'string' && typeof formatted.extensions?.code === 'string') {
      const { serviceName: _service, ...extensions } = formatted.extensions ?? {};
      if (extensions.code !== 'DOWNSTREAM_SERVICE_ERROR') {
        return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions };
      }
    }
    if (original instanceof AppError) {
      const localized = original.toGraphQLError(localeOf());
      return { ...formatted, message: localized.message, extensions: { ...localized.extensions } };
    }
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && (PASS_THROUGH_CODES.has(code) || code === 'BAD_USER_INPUT')) {
      return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions: { code } };
    }
    logger.error({ err: loggableError(original), path: formatted.path }, 'internal error');
    return {
      message: GENERIC_MESSAGES.INTERNAL_SERVER_ERROR[localeOf()],
      path: formatted.path,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  };
}

/** The error a resolver threw, below GraphQL's and Apollo's wrappers. */
function rootCause(error: unknown): unknown {
  let current = error;
  for (let depth = 0; depth < 5 && current instanceof GraphQLError && current.originalError; depth++) current = current.originalError;
  return current;
}

/**
 * What of an internal error goes into the log: name, message, code and stack.
 * Not the rest — a database driver error carries `detail` ("Failing row
 * contains (…)") and `where`, which quote the row being written (R9).
 */
export function loggableError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const { code } = error as { code?: unknown };
  return { name: error.name, message: error.message, ...(typeof code === 'string' ? { code } : {}), stack: error.stack };
}
