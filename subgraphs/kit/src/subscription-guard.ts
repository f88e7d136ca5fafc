import { GraphQLError, Kind, parse, specifiedRules, validate, visit, type DocumentNode, type ExecutionArgs, type GraphQLSchema, type ValidationRule } from 'graphql';
import { DEFAULT_LOCALE, type Locale, type Messages } from './i18n.js';
import { operationCarriesIdentityCode, personalIdentityCodeRefused } from './privacy.js';

/** What a graphql-ws `subscribe` message carries. */
export interface SubscribePayload {
  query: string;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
}

export interface SubscriptionGuardOptions {
  schema: GraphQLSchema;
  /** Parsing stops after this many tokens, before anything else looks at the document. */
  maxTokens: number;
  /**
   * Field selections, fragment spreads and inline fragments in the whole
   * document (default {@link MAX_SUBSCRIPTION_SELECTIONS}).
   */
  maxSelections?: number;
  /** Rules run with graphql-js's own, e.g. graphql-armor's limits, or no introspection in production. */
  rules?: readonly ValidationRule[];
  /** Remove "Did you mean …?" from validation messages: they disclose the schema (production). */
  hideSuggestions: boolean;
}

/**
 * A live view selects a handful of fields. graphql-js's
 * OverlappingFieldsCanBeMergedRule is quadratic in the number of fields of
 * one selection set: 500 copies of `heartbeat { sequence }` (under 2,000
 * tokens) took 60–150 ms to validate on a busy 2-core machine, 50 copies 2 ms.
 * Counting selections first is linear and keeps validation cheap (H2).
 */
export const MAX_SUBSCRIPTION_SELECTIONS = 100;

/** Limits of a subgraph's own graphql-ws socket: the same as the gateway's (gateway/src/security/armor.ts, subscriptions/limits.ts). */
export const SUBSCRIPTION_MESSAGE_LIMITS = { maxBytes: 64 * 1024, maxTokens: 2_000 } as const;

const SUBSCRIPTIONS_ONLY: Messages = {
  fi: 'WebSocket-yhteydellä voi vain tilata. Lähetä kyselyt ja muutokset HTTP POST -pyyntönä osoitteeseen /graphql.',
  sv: 'Via WebSocket går det bara att prenumerera. Skicka frågor och ändringar som HTTP POST till /graphql.',
  en: 'Only subscriptions are accepted over WebSocket. Send queries and mutations over HTTP POST /graphql.',
};

const ONE_OPERATION: Messages = {
  fi: 'Lähetä yksi tilaus viestiä kohden.',
  sv: 'Skicka en prenumeration per meddelande.',
  en: 'Send one subscription per message.',
};

/**
 * The checks a graphql-ws `onSubscribe` runs instead of graphql-ws's own
 * `parse` + `validate` (H2, L7), cheapest first: a token-limited parse,
 * exactly one `subscription` operation, a selection count, then validation
 * with the caller's extra rules, then the personal-data guard (R9). Returns
 * the execution arguments, or the errors to send, each with a stable
 * `extensions.code`.
 */
export function checkSubscription(options: SubscriptionGuardOptions, payload: SubscribePayload, locale: Locale = DEFAULT_LOCALE): ExecutionArgs | GraphQLError[] {
  let document: DocumentNode;
  try {
    document = parse(payload.query, { maxTokens: options.maxTokens });
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    return [new GraphQLError(error.message, { source: error.source, positions: error.positions, extensions: { code: 'GRAPHQL_PARSE_FAILED' } })];
  }

  const operations = document.definitions.filter((definition) => definition.kind === Kind.OPERATION_DEFINITION);
  if (operations.some((operation) => operation.operation !== 'subscription')) return [codedError('BAD_REQUEST', SUBSCRIPTIONS_ONLY, locale)];
  if (operations.length !== 1) return [codedError('BAD_REQUEST', ONE_OPERATION, locale)];

  const maxSelections = options.maxSelections ?? MAX_SUBSCRIPTION_SELECTIONS;
  let selections = 0;
  const count = () => {
    selections += 1;
  };
  visit(document, { [Kind.FIELD]: count, [Kind.FRAGMENT_SPREAD]: count, [Kind.INLINE_FRAGMENT]: count });
  if (selections > maxSelections) {
    return [new GraphQLError(`A subscription may select at most ${maxSelections} fields.`, { extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } })];
  }

  const errors = validate(options.schema, document, [...specifiedRules, ...(options.rules ?? [])]);
  if (errors.length > 0) {
    return errors.map(
      (error) =>
        new GraphQLError(options.hideSuggestions ? withoutSuggestion(error.message) : error.message, {
          ...(error.nodes ? { nodes: error.nodes } : {}),
          extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
        }),
    );
  }

  const variableValues = payload.variables ?? undefined;
  if (operationCarriesIdentityCode(document, variableValues)) return [personalIdentityCodeRefused().toGraphQLError(locale)];

  return {
    schema: options.schema,
    document,
    ...(payload.operationName ? { operationName: payload.operationName } : {}),
    ...(variableValues ? { variableValues } : {}),
  };
}

/** graphql-js appends its suggestions as ` Did you mean …?` at the end of a message. */
export function withoutSuggestion(message: string): string {
  return message.replace(/\s*Did you mean [\s\S]*\?$/, '');
}

function codedError(code: string, messages: Messages, locale: Locale): GraphQLError {
  return new GraphQLError(messages[locale], { extensions: { code } });
}
