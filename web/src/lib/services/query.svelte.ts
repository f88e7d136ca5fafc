import type { AnyVariables, OperationContext, OperationResult, RequestPolicy, TypedDocumentNode } from '@urql/core';
import { untrack } from 'svelte';
import { client } from '../graphql/client.js';
import { uiError, type UiError } from './errors.js';

export interface QueryOptions {
  /**
   * Types this query shows even when its result holds none of them (an empty
   * list has no __typename): a mutation that returns or names one of them
   * re-runs the query (urql's document cache).
   */
  typenames?: readonly string[];
}

/**
 * A query's result as rune state: `data`, `error` (coded, in the user's
 * language) and `fetching`. The query stays a live urql source while the
 * component lives: a mutation that touches a type it showed runs it again
 * (services/mutate.ts), so pages do not reload by hand after a write.
 */
export class QueryState<Data, Variables extends AnyVariables> {
  data = $state<Data | undefined>();
  error = $state<UiError | undefined>();
  fetching = $state(false);

  #unsubscribe: (() => void) | undefined;
  #waiting: (() => void)[] = [];

  constructor(
    private readonly document: TypedDocumentNode<Data, Variables>,
    private readonly variables: () => Variables,
    private readonly options: QueryOptions = {},
  ) {
    // Created while a component starts: the source ends with it.
    $effect(() => () => this.#stop());
  }

  /** Follows the current variables; `network-only` asks the server again even when the cache has an answer. */
  follow(requestPolicy?: RequestPolicy): Promise<void> {
    untrack(() => this.#stop());
    this.fetching = true;
    const context: Partial<OperationContext> = {
      ...(requestPolicy ? { requestPolicy } : {}),
      ...(this.options.typenames?.length ? { additionalTypenames: [...this.options.typenames] } : {}),
    };
    const settled = new Promise<void>((resolve) => this.#waiting.push(resolve));
    const variables = this.variables();
    // Only the variables are dependencies of a following effect, not what the answer reads (e.g. the locale).
    untrack(() => {
      this.#unsubscribe = client.query(this.document, variables, context).subscribe((result) => this.#take(result)).unsubscribe;
    });
    return settled;
  }

  /** Asks the server again (e.g. a retry button); resolves with the answer. */
  reload(): Promise<void> {
    return this.follow('network-only');
  }

  #take(result: OperationResult<Data, Variables>): void {
    this.error = uiError(result.error);
    if (result.data) this.data = result.data;
    // cache-and-network answers from the cache first (stale), then from the server.
    if (result.stale) return;
    this.fetching = false;
    for (const resolve of this.#waiting.splice(0)) resolve();
  }

  #stop(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    for (const resolve of this.#waiting.splice(0)) resolve();
  }
}

/** A live query that follows its variables (a rune read in `variables` re-runs it). */
export function query<Data, Variables extends AnyVariables>(
  document: TypedDocumentNode<Data, Variables>,
  variables: () => Variables,
  options?: QueryOptions,
): QueryState<Data, Variables> {
  const state = new QueryState(document, variables, options);
  $effect(() => {
    void state.follow();
  });
  return state;
}

/** A live query the page starts itself with `reload()`/`follow()`, e.g. after a debounce (no request at start). */
export function lazyQuery<Data, Variables extends AnyVariables>(
  document: TypedDocumentNode<Data, Variables>,
  variables: () => Variables,
  options?: QueryOptions,
): QueryState<Data, Variables> {
  return new QueryState(document, variables, options);
}
