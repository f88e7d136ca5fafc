import { createClient, type Client } from 'graphql-ws';
import { GraphQLError, print, type ExecutionArgs, type ExecutionResult, type FormattedExecutionResult } from 'graphql';
import { WebSocket } from 'ws';
import { GENERIC_MESSAGES } from '@kaikukanta/kit/errors';
import type { Logger } from '@kaikukanta/kit/logger';
import type { GatewayContext } from '../context.js';

/** What a relayed subscription needs from its client's connection. */
export interface RelayConnection {
  context?: GatewayContext;
  upstream?: Client;
}

/**
 * One client socket's own graphql-ws connection to the subgraph that owns
 * the Subscription root. Lazy: it opens with the first subscription and
 * closes when the last one ends.
 */
export function createUpstreamClient(url: string, connectionParams: () => Promise<Record<string, unknown>>): Client {
  return createClient({ url, webSocketImpl: WebSocket, lazy: true, retryAttempts: 3, connectionParams });
}

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

/**
 * Relays one validated subscription upstream. A plain iterator rather than
 * an async generator: graphql-ws ends a subscription (client `complete` or
 * socket closed) by calling `return()`, and a generator suspended in
 * `for await` would queue that call until the upstream's next event — for
 * `nationalSummaryChanged` that can be hours, and the upstream connection
 * stays open all that time. Here `return()` ends the pending `next()` and
 * the upstream subscription at once.
 */
export function relay(args: ExecutionArgs, logger: Logger): AsyncIterableIterator<ExecutionResult> {
  const connection = args.contextValue as RelayConnection;
  const { upstream, context } = connection;
  if (!upstream || !context) return ended();
  const results = upstream.iterate({
    query: print(args.document),
    variables: (args.variableValues ?? {}) as Record<string, unknown>,
    ...(args.operationName ? { operationName: args.operationName } : {}),
  });
  let done = false;
  let stop: (value: IteratorReturnResult<undefined>) => void = () => undefined;
  const stopped = new Promise<IteratorReturnResult<undefined>>((resolve) => (stop = resolve));
  const finish = async () => {
    if (done) return;
    done = true;
    stop(DONE);
    await results.return?.();
  };
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next() {
      if (done) return DONE;
      try {
        const result = await Promise.race([results.next(), stopped]);
        if (result.done) {
          await finish();
          return DONE;
        }
        return { done: false, value: fromUpstream(result.value as FormattedExecutionResult) };
      } catch (error) {
        logger.error({ err: error, requestId: context.requestId }, 'upstream subscription failed');
        await finish();
        const message = GENERIC_MESSAGES.INTERNAL_SERVER_ERROR[context.locale];
        return { done: false, value: { errors: [new GraphQLError(message, { extensions: { code: 'SERVICE_UNAVAILABLE' } })] } };
      }
    },
    async return() {
      await finish();
      return DONE;
    },
  };
}

/** graphql-ws serialises `errors` with `toJSON()`, which the upstream's plain error objects lack. */
function fromUpstream(result: FormattedExecutionResult): ExecutionResult {
  if (!result.errors) return result as ExecutionResult;
  return {
    ...result,
    errors: result.errors.map((error) => new GraphQLError(error.message, { ...(error.path ? { path: error.path } : {}), extensions: error.extensions ?? {} })),
  } as ExecutionResult;
}

function ended(): AsyncIterableIterator<ExecutionResult> {
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    next: async () => DONE,
    return: async () => DONE,
  };
}
