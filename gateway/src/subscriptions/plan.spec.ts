import { readFileSync } from 'node:fs';
import { Supergraph } from '@apollo/federation-internals';
import { parse, print, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { SubscriptionPlanner } from './plan.js';

const supergraph = Supergraph.build(readFileSync(new URL('../../../schema/supergraph.graphql', import.meta.url), 'utf8'));
const apiSchema = supergraph.apiSchema().toGraphQLJSSchema();
const sut = new SubscriptionPlanner(apiSchema, supergraph, 'statistics');

describe('subscription plan (decision 0016)', () => {
  it('asks statistics for the key only and resolves the selection, fragments and variables included, under the lookup query', () => {
    const document = parse(`
      subscription Watch($provider: ID, $lang: Boolean!) {
        uses: usageRecorded(providerId: $provider) { sequence ...Where }
      }
      fragment Where on LiveUsage { provider { name region { name { fi sv @include(if: $lang) } } } }
    `);
    const plan = sut.plan(document, { provider: 'p1', lang: true }, 'Watch');
    if (plan.kind !== 'entity') throw new Error('expected an entity plan');
    expect(print(parse(plan.upstream.query))).toBe(
      print(parse('subscription Watch($provider: ID, $kkLiveAfter: Int) { uses: usageRecorded(providerId: $provider, after: $kkLiveAfter) { __typename sequence } }')),
    );
    expect(plan.upstream.variables).toEqual({ provider: 'p1' });
    expect(plan.upstream.resume).toEqual({ variable: 'kkLiveAfter', initial: null });
    expect(plan.lookup.query).toContain('uses: liveUsage(sequence: $kkLiveKey_sequence)');
    expect(plan.lookup.variables).toEqual({ lang: true });
    expect(validate(apiSchema, plan.lookup.document)).toEqual([]);
  });

  it('carries the client’s `after` to the first upstream subscription, as a literal or a variable', () => {
    const literal = sut.plan(parse('subscription { usageRecorded(after: 41) { sequence } }'), {});
    const variable = sut.plan(parse('subscription S($a: Int) { usageRecorded(after: $a) { sequence } }'), { a: 7 });
    expect(literal.upstream.resume?.initial).toBe(41);
    expect(variable.upstream.resume?.initial).toBe(7);
    expect(variable.upstream.variables).toEqual({});
  });

  it('passes through a field whose type has no key (nationalSummaryChanged, heartbeat)', () => {
    const plan = sut.plan(parse('subscription { nationalSummaryChanged { uses } }'), {});
    expect(plan.kind).toBe('passthrough');
    expect(plan.upstream.query).toContain('nationalSummaryChanged');
  });
});
