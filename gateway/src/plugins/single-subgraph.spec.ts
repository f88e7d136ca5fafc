import { readFileSync } from 'node:fs';
import { Kind, parse, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { ownershipOf, soleSubgraph } from './single-subgraph.js';

const ownership = ownershipOf(readFileSync(new URL('../../../schema/supergraph.graphql', import.meta.url), 'utf8'));

function sut(source: string): string | undefined {
  const document = parse(source);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode;
  return soleSubgraph(document, operation, ownership);
}

describe('soleSubgraph: the one subgraph that answers an operation whole, from the supergraph', () => {
  it('card status, a card registration (fragment on its own type) and the dashboard go straight to their owner', () => {
    expect(sut('query ($c: String!) { cardStatus(code: $c) { code usable reason kind lastValidDay childTicketLimit __typename } }')).toBe('cards');
    expect(sut('mutation ($i: RegisterCardInput!) { registerCard(input: $i) { ...Row } } fragment Row on Card { id code state }')).toBe('cards');
    expect(sut('query ($p: PeriodInput!) { statistics(period: $p) { scopeKind usage { uses { value suppressed } } } }')).toBe('statistics');
  });

  it('anything that needs a query plan is left to it: several subgraphs, an entity field of another, introspection, subscriptions, a fragment on another type', () => {
    expect(sut('{ regions { id organizations { id registeredCardCount } } nationalSummary { uses } }')).toBeUndefined();
    expect(sut('{ organizations { id registeredCardCount } }')).toBeUndefined();
    expect(sut('{ __schema { types { name } } }')).toBeUndefined();
    expect(sut('subscription { heartbeat }')).toBeUndefined();
    expect(sut('{ cardStatus(code: "A1") { ... on Query { __typename } } }')).toBeUndefined();
    expect(sut('{ cardStatus(code: "A1") { code } nationalSummary { uses } }')).toBeUndefined();
  });
});
