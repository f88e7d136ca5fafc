import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { performance } from 'node:perf_hooks';
import { AppError } from '../errors.js';
import { abortOperation, abortReason, answerAsAborted, refuseFieldsAfterAbort } from './abort.js';

/** Default deadline: below the gateway's `SUBGRAPH_TIMEOUT_MS` (10 s), so the subgraph stops before the gateway has given up on it. */
export const DEFAULT_EXECUTION_DEADLINE_MS = 8_000;

export const EXECUTION_DEADLINE_CODE = 'QUERY_TIMEOUT';

export const queryTimedOut = () =>
  new AppError(EXECUTION_DEADLINE_CODE, {
    messages: {
      fi: 'Kysely kesti liian kauan ja keskeytettiin. Pyydä vähemmän tietoa kerralla.',
      sv: 'Frågan tog för lång tid och avbröts. Begär mindre data på en gång.',
      en: 'The query took too long and was stopped. Ask for less data at once.',
    },
  });

export interface ExecutionDeadlineOptions {
  /** Milliseconds from the start of a request after which no further field is resolved. Default {@link DEFAULT_EXECUTION_DEADLINE_MS}. */
  ms?: number;
}

/**
 * H1: nothing else limits how long an operation computes once the gateway
 * has stopped waiting for it (`statement_timeout` covers SQL only). After
 * `ms`, no field that has not started yet runs its resolver, so the operation
 * winds down at the next field; the answer is one `QUERY_TIMEOUT` error and
 * no data (see abort.ts for how). A resolver already waiting (a slow SQL
 * statement) is not interrupted — the database's own timeouts cover that.
 */
export function executionDeadline<TContext extends BaseContext>(options: ExecutionDeadlineOptions = {}): ApolloServerPlugin<TContext> {
  const ms = options.ms ?? DEFAULT_EXECUTION_DEADLINE_MS;
  return {
    async serverWillStart({ schema }) {
      refuseFieldsAfterAbort(schema);
    },
    async requestDidStart() {
      const deadline = performance.now() + ms;
      return {
        async executionDidStart() {
          return {
            willResolveField({ contextValue }) {
              if (performance.now() > deadline) abortOperation(contextValue, queryTimedOut());
            },
          };
        },
        async willSendResponse(requestContext) {
          if (abortReason(requestContext.contextValue)) answerAsAborted(requestContext, EXECUTION_DEADLINE_CODE);
        },
      };
    },
  };
}
