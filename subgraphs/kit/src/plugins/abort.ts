import type { BaseContext, GraphQLRequestContextWillSendResponse } from '@apollo/server';
import { defaultFieldResolver, GraphQLObjectType, type GraphQLSchema } from 'graphql';

/**
 * What the guard plugins (resolver budget, execution deadline) share: a way
 * to abort one operation.
 *
 * Throwing from `willResolveField` would be simpler but is unsafe: the error
 * is synchronous, and graphql-js 16 then abandons the list or object it was
 * completing — sibling promises already started reject later with nobody
 * listening, and an unhandled rejection ends the Node process. So a guard
 * only records the abort on the request's context, and every field resolver
 * (wrapped once per schema) answers with a *rejected promise* from then on,
 * which graphql-js always handles. No field after the abort runs its resolver.
 */

const ABORTED = Symbol('kaikukanta.operationAborted');
const GUARDED = Symbol('kaikukanta.resolversGuarded');

type Abortable = { [ABORTED]?: Error };

/** Aborts the operation whose context this is; the first reason wins. */
export function abortOperation(contextValue: unknown, reason: Error): void {
  const context = contextValue as Abortable;
  context[ABORTED] ??= reason;
}

export function abortReason(contextValue: unknown): Error | undefined {
  return (contextValue as Abortable | undefined)?.[ABORTED];
}

/** Wraps every field resolver of `schema` (once) so that it refuses to run once its operation is aborted. */
export function refuseFieldsAfterAbort(schema: GraphQLSchema & { [GUARDED]?: true }): void {
  if (schema[GUARDED]) return;
  schema[GUARDED] = true;
  for (const type of Object.values(schema.getTypeMap())) {
    if (!(type instanceof GraphQLObjectType) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args, contextValue, info) => {
        const reason = abortReason(contextValue);
        if (reason) return Promise.reject(reason);
        const result: unknown = resolve(source, args, contextValue, info);
        // A result that arrives after the abort (e.g. a list from the database) is dropped whole,
        // instead of graphql-js completing each of its items only to refuse every field of them.
        return isPromiseLike(result) ? result.then((value) => rejectIfAborted(contextValue, value)) : result;
      };
    }
  }
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function';
}

function rejectIfAborted(contextValue: unknown, value: unknown): unknown {
  const reason = abortReason(contextValue);
  return reason ? Promise.reject(reason) : value;
}

/**
 * An aborted operation answers as a whole: one error instead of one per field
 * refused after the abort (tens of thousands), and no partial data of a query.
 * A mutation keeps what it has: the root fields that ran before the abort
 * have taken effect, and the client must be able to see which. The error
 * kept is the first one with `code`, already localised by the formatter.
 */
export function answerAsAborted<TContext extends BaseContext>(requestContext: GraphQLRequestContextWillSendResponse<TContext>, code: string): void {
  const body = requestContext.response.body;
  if (body.kind !== 'single') return;
  const first = body.singleResult.errors?.find((error) => error.extensions?.code === code);
  if (!first) return;
  const data = requestContext.operation?.operation === 'mutation' ? (body.singleResult.data ?? null) : null;
  body.singleResult = { data, errors: [{ message: first.message, extensions: { code } }] };
}
