import type { AnyVariables, TypedDocumentNode } from '@urql/core';
import { uiError, type UiError } from '../services/errors.js';
import { client } from './client.js';

/**
 * A query's result as rune state: `data`, `error` (coded, in the user's
 * language) and `fetching`. `reload()` asks the network again, e.g. after a
 * mutation elsewhere on the page.
 */
export class QueryState<Data, Variables extends AnyVariables> {
  data = $state<Data | undefined>();
  error = $state<UiError | undefined>();
  fetching = $state(false);

  constructor(
    private readonly document: TypedDocumentNode<Data, Variables>,
    private readonly variables: () => Variables,
  ) {}

  async reload(): Promise<void> {
    this.fetching = true;
    const result = await client.query(this.document, this.variables(), { requestPolicy: 'network-only' }).toPromise();
    this.fetching = false;
    this.error = uiError(result.error);
    if (result.data) this.data = result.data;
  }
}

/** A query run at once. */
export function query<Data, Variables extends AnyVariables>(document: TypedDocumentNode<Data, Variables>, variables: () => Variables): QueryState<Data, Variables> {
  const state = new QueryState(document, variables);
  void state.reload();
  return state;
}

/** A query the page runs itself, e.g. from an `$effect` that follows its variables (no second request at start). */
export function lazyQuery<Data, Variables extends AnyVariables>(document: TypedDocumentNode<Data, Variables>, variables: () => Variables): QueryState<Data, Variables> {
  return new QueryState(document, variables);
}
