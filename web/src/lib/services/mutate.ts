import { CombinedError, type AnyVariables, type OperationContext, type TypedDocumentNode } from '@urql/core';
import { client } from '../graphql/client.js';
import { locale } from '../i18n/locale.svelte.js';
import { notice as notices } from '../state/notice.svelte.js';
import { offlineQueue, type QueuedLabel, type QueuedWrite } from '../state/offline-queue.svelte.js';
import { uiError, type UiError } from './errors.js';
import type { QueuedOperation } from './queued-operations.js';

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

/** R16: how a write that may wait offline is queued; its key and capturedAt are made at capture and sent every time. */
export interface QueueOptions {
  operation: QueuedOperation;
  key: string;
  capturedAt: string;
  organizationId: string;
  label: QueuedLabel;
}

/** A write's outcome when it may wait offline: answered now, or kept on the device (`queued`) until the network returns. */
export type QueuedOutcome<Data> = (Outcome<Data> & { queued?: undefined }) | { queued: QueuedWrite; data?: undefined; error?: undefined };

/**
 * R16: `mutate`, except that a write meeting no network (errorCode NETWORK, or the browser says it is offline) is
 * persisted in the offline queue and replayed later with the same variables — the idempotency key and capturedAt
 * inside them — by services/offline-replay.ts. Only a server answer (data or a coded refusal) is final.
 */
export async function mutateOrQueue<Data, Variables extends AnyVariables>(
  document: TypedDocumentNode<Data, Variables>,
  variables: Variables,
  queue: QueueOptions,
  options: MutateOptions<Data> = {},
): Promise<QueuedOutcome<Data>> {
  const enqueue = async () => ({ queued: await offlineQueue.queue.add({ ...queue, variables: variables as Record<string, unknown> }) });
  // Writes already waiting go first (capture order, R21's cap); a new one joins them rather than overtaking.
  if (!navigator.onLine || offlineQueue.pending.some((e) => e.organizationId === queue.organizationId)) return enqueue();
  const outcome = await mutate(document, variables, options);
  return outcome.error?.code === 'NETWORK' ? enqueue() : outcome;
}

/** What the queue keeps of a refusal: the code, the field, and the server's words in the language they were written in. */
export function refusalOf(error: UiError): NonNullable<QueuedWrite['refusal']> {
  return { code: error.code, ...(error.field ? { field: error.field } : {}), serverMessage: error.message, serverLocale: locale.current };
}
