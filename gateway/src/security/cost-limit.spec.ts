import { readdirSync, readFileSync } from 'node:fs';
import { buildSchema, parse, validate, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { costLimitPlugin, costLimitRule, DEFAULT_MAX_COST, measureOperation, operationCost } from './cost-limit.js';
import { createProtection } from './armor.js';

const repo = (path: string) => new URL(`../../../${path}`, import.meta.url);
const schema = buildSchema(readFileSync(repo('schema/api.graphql'), 'utf8'));

const cost = (query: string, variables?: Record<string, unknown>) => {
  const document = parse(query);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition');
  if (!operation) throw new Error('no operation');
  return operationCost(schema, document, operation, { variables });
};

/** The review's query: depth 12, no aliases, a few hundred by graphql-armor's count. */
const FAN_OUT = `{ organizations { region { organizations { region { organizations { region {
  organizations { region { organizations { region { organizations { id } } } } } } } } } } } }`;

describe('H1: list-aware cost limit', () => {
  it('H1: multiplies a list without `limit` by the assumed size (50)', () => {
    expect(cost('{ regions { id } }')).toBe(1 + 50 * 1);
    expect(cost('{ regions { id organizations { id name } } }')).toBe(1 + 50 * (1 + 1 + 50 * 2));
  });

  it("H1: multiplies a list by its literal `limit`, or by the argument's declared default", () => {
    expect(cost('{ upcomingEvents(limit: 3) { id name } }')).toBe(1 + 3 * 2);
    expect(cost('{ auditLog { id } }')).toBe(1 + 50 * 1);
  });

  it('H1: takes `limit` from a variable, its declared default, else the assumed size', () => {
    const query = 'query ($n: Int!) { upcomingEvents(limit: $n) { id } }';
    expect(cost(query, { n: 1000 })).toBe(1 + 1000);
    expect(cost('query ($n: Int! = 7) { upcomingEvents(limit: $n) { id } }')).toBe(1 + 7);
    expect(cost(query)).toBe(1 + 50);
  });

  it("H1: a page's `limit` counts for its list (cards(limit) { items })", () => {
    expect(cost('{ cards(limit: 500) { total items { id code } } }')).toBe(1 + 1 + (1 + 500 * 2));
  });

  it('H1: expands named and inline fragments, nested lists included', () => {
    const viaFragments = `fragment R on Region { organizations { ...O } } fragment O on Organization { id ... on Organization { sites { id } } }
      { regions { ...R } }`;
    expect(cost(viaFragments)).toBe(cost('{ regions { organizations { id sites { id } } } }'));
    expect(cost(viaFragments)).toBe(1 + 50 * (1 + 50 * (1 + 1 + 50)));
  });

  it('H1: fragments spread in fragments cost linear time to count, and cycles end', () => {
    const names = Array.from({ length: 40 }, (_, i) => `F${i}`);
    const doubling = names.map((name, i) => `fragment ${name} on Region { ${i === 39 ? 'id' : `a: organizations { region { ...F${i + 1} } } b: organizations { region { ...F${i + 1} } }`} }`);
    const started = performance.now();
    expect(cost(`${doubling.join('\n')} { regions { ...F0 } }`)).toBeGreaterThan(DEFAULT_MAX_COST);
    expect(performance.now() - started).toBeLessThan(200);
    expect(Number.isFinite(cost('fragment A on Region { ...B } fragment B on Region { ...A id } { regions { ...A } }'))).toBe(true);
  });

  it("H1: refuses the review's depth-12 fan-out with QUERY_TOO_COMPLEX; graphql-armor alone accepts it", () => {
    expect(cost(FAN_OUT)).toBeGreaterThan(1e10);
    const [error, ...more] = validate(schema, parse(FAN_OUT), [costLimitRule()]);
    expect(more).toHaveLength(0);
    expect(error?.extensions.code).toBe('QUERY_TOO_COMPLEX');
    expect(error?.message).toMatch(/liian laaja/);
    const protection = createProtection({ production: true });
    expect(validate(schema, parse(FAN_OUT), protection.validationRules).map((e) => e.extensions.code)).toEqual(['QUERY_TOO_COMPLEX']);
  });

  it('H1: 30 aliases of a two-list query add up', () => {
    const aliased = Array.from({ length: 30 }, (_, i) => `a${i}: regions { organizations { region { organizations { id } } } }`).join(' ');
    expect(validate(schema, parse(`{ ${aliased} }`), [costLimitRule()]).map((e) => e.extensions.code)).toEqual(['QUERY_TOO_COMPLEX']);
  });

  it('H1: a variable `limit` over the maximum is refused once the variables are known', () => {
    const document = parse('query ($n: Int!) { upcomingEvents(limit: $n) { id name } }');
    const protection = createProtection({ production: true });
    expect(validate(schema, document, protection.validationRules)).toEqual([]);
    expect(validate(schema, document, protection.validationRulesWith({ n: 1_000_000 })).map((e) => e.extensions.code)).toEqual(['QUERY_TOO_COMPLEX']);
  });

  it("H1: every operation the web app sends passes (web/src/lib/graphql/*.graphql)", () => {
    const folder = repo('web/src/lib/graphql/');
    const files = readdirSync(folder).filter((name) => name.endsWith('.graphql'));
    expect(files.length).toBeGreaterThan(0);
    const document = parse(files.map((name) => readFileSync(new URL(name, folder), 'utf8')).join('\n'));
    expect(validate(schema, document, createProtection({ production: true }).validationRules)).toEqual([]);
    // The largest, for the record: the public network page (three nested lists).
    const network = document.definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition' && d.name?.value === 'Network');
    expect(network && operationCost(schema, document, network)).toBeLessThan(DEFAULT_MAX_COST);
  });

  it('H1: the plugin measures an operation without a variable `limit` once, one with it per request (issue 12)', async () => {
    type Hooks = { didResolveOperation(r: unknown): Promise<void> };
    const plugin = costLimitPlugin({ maxCost: 100 });
    const judge = async (document: ReturnType<typeof parse>, variables: Record<string, unknown>) => {
      const operation = document.definitions[0] as OperationDefinitionNode;
      const hooks = await (plugin.requestDidStart as (r: unknown) => Promise<Hooks>)({});
      return hooks.didResolveOperation({ schema, document, operation, request: { variables } }).then(() => 'ok', (e: { extensions?: { code?: string } }) => e.extensions?.code);
    };
    const variable = parse('query ($n: Int!) { upcomingEvents(limit: $n) { id } }');
    expect(measureOperation(schema, variable, variable.definitions[0] as OperationDefinitionNode, { variables: { n: 5 } })).toEqual({ cost: 6, dependsOnVariables: true });
    // The same parsed operation, as Apollo's document store hands it: a small `limit`, then one over the maximum.
    expect(await judge(variable, { n: 5 })).toBe('ok');
    expect(await judge(variable, { n: 5_000 })).toBe('QUERY_TOO_COMPLEX');
    expect(await judge(variable, { n: 5 })).toBe('ok');
    const fixed = parse('{ regions { id organizations { id } } }');
    expect(measureOperation(schema, fixed, fixed.definitions[0] as OperationDefinitionNode)).toEqual({ cost: 1 + 50 * (1 + 1 + 50 * 1), dependsOnVariables: false });
    expect(await judge(fixed, {})).toBe('QUERY_TOO_COMPLEX');
    expect(await judge(fixed, {})).toBe('QUERY_TOO_COMPLEX');
    expect(await judge(parse('{ upcomingEvents(limit: 3) { id } }'), {})).toBe('ok');
  });
});
