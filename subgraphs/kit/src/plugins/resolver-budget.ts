import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { AppError } from '../errors.js';
import { abortOperation, abortReason, answerAsAborted, refuseFieldsAfterAbort } from './abort.js';

/** Field resolutions one operation may make by default: the public network page at national scale needs about a fifth. */
export const DEFAULT_RESOLVER_BUDGET = 50_000;

export const RESOLVER_BUDGET_CODE = 'QUERY_TOO_LARGE';

export const queryTooLarge = () =>
  new AppError(RESOLVER_BUDGET_CODE, {
    messages: {
      fi: 'Kysely pyytää liikaa tietoa kerralla. Pyydä vähemmän, esimerkiksi ilman sisäkkäisiä luetteloita.',
      sv: 'Frågan begär för mycket data på en gång. Begär mindre, till exempel utan nästlade listor.',
      en: 'The query asks for too much data at once. Ask for less, e.g. without nested lists.',
    },
  });

export interface ResolverBudgetOptions {
  /** Field resolutions (every field, scalars included) one operation may make. Default {@link DEFAULT_RESOLVER_BUDGET}. */
  limit?: number;
}

/**
 * H1: an operation whose result grows with the data (lists inside lists) is
 * stopped once it has resolved `limit` fields, before it builds millions of
 * objects and starves the event loop this subgraph shares with everyone's
 * requests (organizations also authenticates every caller). No field after
 * the limit runs its resolver, so no further subtree is built; the answer is
 * one `QUERY_TOO_LARGE` error and no data (see abort.ts for how).
 */
export function resolverBudget<TContext extends BaseContext>(options: ResolverBudgetOptions = {}): ApolloServerPlugin<TContext> {
  const limit = options.limit ?? DEFAULT_RESOLVER_BUDGET;
  return {
    async serverWillStart({ schema }) {
      refuseFieldsAfterAbort(schema);
    },
    async requestDidStart() {
      let resolved = 0;
      return {
        async executionDidStart() {
          return {
            willResolveField({ contextValue }) {
              if (++resolved > limit) abortOperation(contextValue, queryTooLarge());
            },
          };
        },
        async willSendResponse(requestContext) {
          if (abortReason(requestContext.contextValue)) answerAsAborted(requestContext, RESOLVER_BUDGET_CODE);
        },
      };
    },
  };
}
