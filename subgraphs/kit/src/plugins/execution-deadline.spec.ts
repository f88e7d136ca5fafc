import { ApolloServer } from '@apollo/server';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createErrorFormatter } from '../errors.js';
import { executionDeadline } from './execution-deadline.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `items` takes 100 ms (a resolver waiting on the database); its 50 items' fields start only after it answers. */
const typeDefs = 'type Query { items: [Item!]! } type Item { id: ID! detail: Int! } type Mutation { step: Int }';
let steps = 0;
let detailCalls = 0;
const resolvers = {
  Query: { items: async () => (await sleep(100), Array.from({ length: 50 }, (_, i) => ({ id: String(i) }))) },
  Item: { detail: () => ++detailCalls },
  Mutation: { step: async () => (await sleep(100), ++steps) },
};

async function run(ms: number, query: string) {
  const logger = pino({ level: 'silent' });
  const sut = new ApolloServer({ typeDefs, resolvers, logger, plugins: [executionDeadline({ ms })], formatError: createErrorFormatter(logger, () => 'fi') });
  try {
    const response = await sut.executeOperation({ query });
    if (response.body.kind !== 'single') throw new Error('expected a single result');
    return response.body.singleResult;
  } finally {
    await sut.stop();
  }
}

describe('executionDeadline', () => {
  it('H1: no field starts after the deadline; the operation answers with one coded, localised error and no data', async () => {
    detailCalls = 0;
    const result = await run(50, '{ items { id detail } }');
    expect(result.data).toBeNull();
    expect(result.errors).toEqual([{ message: expect.stringContaining('kesti liian kauan'), extensions: { code: 'QUERY_TIMEOUT' } }]);
    expect(detailCalls).toBe(0);
  });

  it('H1: a mutation cut by the deadline keeps the data of the root fields that ran (they took effect)', async () => {
    steps = 0;
    const result = await run(50, 'mutation { a: step b: step }');
    expect(result.data).toEqual({ a: 1, b: null });
    expect(result.errors?.map((e) => e.extensions?.code)).toEqual(['QUERY_TIMEOUT']);
    expect(steps).toBe(1);
  });

  it('H1: an operation within the deadline is untouched', async () => {
    detailCalls = 0;
    const result = await run(5_000, '{ items { id detail } }');
    expect(result.errors).toBeUndefined();
    expect((result.data as { items: unknown[] }).items).toHaveLength(50);
    expect(detailCalls).toBe(50);
  });
});
