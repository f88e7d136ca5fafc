import { CombinedError, type AnyVariables, type OperationContext, type TypedDocumentNode } from '@urql/core';
import { client } from '../graphql/client.js';
import { notice as notices } from '../state/notice.svelte.js';
import { uiError, type UiError } from './errors.js';

export interface MutateOptions<Data> {
  /** Said in the notice toast when the write succeeded. */
  notice?: string | ((data: Data) => string);
  /**
   * Types the write changes without returning them (a Boolean or a count):
   * every live query that showed one of them runs again. Types the mutation
   * returns need no mention; urql's document cache reads them from the answer.
   */
  refresh?: readonly string[];
}

/** A write's outcome: its data, or a coded error in the user's language (never both). */
export type Outcome<Data> = { data: Data; error?: undefined } | { data?: undefined; error: UiError };

/**
 * The one way the web app writes (P4). Every mutation passes here, so what
 * every write needs is added once: the coded error, the notice, the refresh of
 * the queries it touched — and later the idempotency key made at capture and
 * the offline queue that persists and replays writes that met NETWORK (R16),
 * as further `options`. Components and routes never call `client.mutation`
 * (services/layering.spec.ts checks it).
 */
export async function mutate<Data, Variables extends AnyVariables>(
  document: TypedDocumentNode<Data, Variables>,
  variables: Variables,
  options: MutateOptions<Data> = {},
): Promise<Outcome<Data>> {
  const context: Partial<OperationContext> = options.refresh?.length ? { additionalTypenames: [...options.refresh] } : {};
  const result = await client.mutation(document, variables, context).toPromise();
  // No data and no error would be a broken gateway: treat it as the internal error it is.
  const error = uiError(result.data ? result.error : (result.error ?? new CombinedError({ graphQLErrors: [{ message: '', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] })));
  if (error || !result.data) return { error: error as UiError };
  if (options.notice) notices.show(typeof options.notice === 'function' ? options.notice(result.data) : options.notice);
  return { data: result.data };
}
