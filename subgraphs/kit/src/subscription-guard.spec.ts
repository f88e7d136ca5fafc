import { buildSchema, NoSchemaIntrospectionCustomRule, type GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { checkSubscription, withoutSuggestion, type SubscriptionGuardOptions } from './subscription-guard.js';

const schema = buildSchema(`
  type Query { ok: Boolean }
  type Subscription { heartbeat: Heartbeat! watch(note: String): Boolean }
  type Heartbeat { sequence: Int! }
`);
const sut = (options: Partial<SubscriptionGuardOptions> = {}) => (query: string, variables?: Record<string, unknown>) =>
  checkSubscription({ schema, maxTokens: 2_000, hideSuggestions: false, ...options }, { query, ...(variables ? { variables } : {}) }, 'en');
const codes = (result: unknown) => (result as GraphQLError[]).map((error) => error.extensions.code);

describe('subscription guard for graphql-ws (H2, L7)', () => {
  it('accepts one valid subscription and returns its execution arguments', () => {
    const result = sut()('subscription Tick { heartbeat { sequence } }');
    expect(result).toMatchObject({ schema, document: { kind: 'Document' } });
  });

  it('H2: stops parsing at the token limit', () => {
    expect(codes(sut({ maxTokens: 10 })('subscription { heartbeat { sequence } heartbeat { sequence } }'))).toEqual(['GRAPHQL_PARSE_FAILED']);
  });

  it('L7: refuses queries and mutations, even next to a subscription', () => {
    expect(codes(sut()('{ ok }'))).toEqual(['BAD_REQUEST']);
    expect(codes(sut()('subscription A { heartbeat { sequence } } query B { ok }'))).toEqual(['BAD_REQUEST']);
  });

  it('L7: refuses introspection (it exists on Query alone, and production adds the no-introspection rule too)', () => {
    const check = sut({ rules: [NoSchemaIntrospectionCustomRule] });
    expect(new Set(codes(check('subscription { __schema { types { name } } }')))).toEqual(new Set(['GRAPHQL_VALIDATION_FAILED']));
    expect(codes(check('{ __schema { types { name } } }'))).toEqual(['BAD_REQUEST']);
  });

  it('H2: strips field suggestions when asked to', () => {
    const [error] = sut({ hideSuggestions: true })('subscription { heartbeat { sequenc } }') as GraphQLError[];
    expect(error?.message).toBe('Cannot query field "sequenc" on type "Heartbeat".');
    expect(withoutSuggestion('Unknown type "Hartbeat". Did you mean "Heartbeat" or "Boolean"?')).toBe('Unknown type "Hartbeat".');
  });

  it('R9: refuses a personal identity code in a literal or a variable', () => {
    expect(codes(sut()('subscription { watch(note: "131052-308T") }'))).toEqual(['PERSONAL_DATA_REFUSED']);
    expect(codes(sut()('subscription ($n: String) { watch(note: $n) }', { n: '131052-308T' }))).toEqual(['PERSONAL_DATA_REFUSED']);
  });
});
