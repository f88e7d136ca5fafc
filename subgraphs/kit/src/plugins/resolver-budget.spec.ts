import { ApolloServer } from '@apollo/server';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createErrorFormatter } from '../errors.js';
import { resolverBudget } from './resolver-budget.js';

/** A cycle like Organization.region ↔ Region.organizations: each level multiplies the result by `width`. */
const typeDefs = 'type Query { nodes: [Node!]! } type Node { id: ID! nodes: [Node!]! }';
const width = 10;
const nodes = () => Array.from({ length: width }, (_, i) => ({ id: String(i) }));
let calls = 0;
const resolvers = { Query: { nodes }, Node: { nodes: () => (calls++, nodes()) } };

function serverWith(limit: number) {
  const logger = pino({ level: 'silent' });
  return new ApolloServer({ typeDefs, resolvers, logger, plugins: [resolverBudget({ limit })], formatError: createErrorFormatter(logger, () => 'sv') });
}

async function run(limit: number, query: string) {
  const sut = serverWith(limit);
  try {
    const response = await sut.executeOperation({ query });
    if (response.body.kind !== 'single') throw new Error('expected a single result');
    return response.body.singleResult;
  } finally {
    await sut.stop();
  }
}

describe('resolverBudget', () => {
  it('H1: a fan-out past the budget is aborted as a whole: no data, one coded and localised error, no further resolution', async () => {
    calls = 0;
    // 10 + 100 + 1 000 + 10 000 + 100 000 nodes, two fields each: far over 1 000 resolutions.
    const result = await run(1_000, '{ nodes { id nodes { id nodes { id nodes { id nodes { id } } } } } }');
    expect(result.data).toBeNull();
    expect(result.errors).toEqual([{ message: expect.stringContaining('för mycket'), extensions: { code: 'QUERY_TOO_LARGE' } }]);
    // Nothing below the budget's edge was built: the 10 000 inner lists were never asked for.
    expect(calls).toBeLessThan(1_000);
  });

  it('H1: aborting while sibling lists are still loading leaves no unhandled rejection (it would end the process)', async () => {
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    const logger = pino({ level: 'silent' });
    // Async lists, like loaders: graphql-js has items in flight when the budget runs out.
    const slowNodes = async () => (await new Promise((resolve) => setTimeout(resolve, 1)), nodes());
    const sut = new ApolloServer({
      typeDefs,
      resolvers: { Query: { nodes: slowNodes }, Node: { nodes: slowNodes } },
      logger,
      plugins: [resolverBudget({ limit: 500 })],
      formatError: createErrorFormatter(logger),
    });
    try {
      const response = await sut.executeOperation({ query: '{ nodes { id nodes { id nodes { id nodes { id } } } } }' });
      expect(response.body.kind === 'single' && response.body.singleResult.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_LARGE');
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(rejections).toEqual([]);
    } finally {
      process.off('unhandledRejection', onRejection);
      await sut.stop();
    }
  });

  it('H1: an operation within the budget is untouched', async () => {
    const result = await run(1_000, '{ nodes { id nodes { id } } }');
    expect(result.errors).toBeUndefined();
    expect((result.data as { nodes: unknown[] }).nodes).toHaveLength(width);
  });

  it('H1: the count is per operation, not per server', async () => {
    const sut = serverWith(300);
    try {
      for (let i = 0; i < 5; i++) {
        const response = await sut.executeOperation({ query: '{ nodes { id nodes { id } } }' });
        expect(response.body.kind === 'single' && response.body.singleResult.errors).toBeUndefined();
      }
    } finally {
      await sut.stop();
    }
  });
});
