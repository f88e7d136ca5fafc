import type { ApolloServerPlugin, GraphQLRequestContextResponseForOperation } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import { Kind, type FormattedExecutionResult, type OperationDefinitionNode } from 'graphql';
import type { GatewayContext } from '../context.js';

/** The response header that says whether an answer came from the cache (`hit`) or was stored by this request (`miss`). */
export const CACHE_HEADER = 'x-kaikukanta-cache';

/**
 * Root fields whose answer to an anonymous caller is the same for every anonymous caller and changes slowly:
 * the public network page (regions, organisations) and the national headline figures (rounded for the public,
 * R27). Anything else — card status, events with their remaining places, sessions — is never cached.
 */
export const PUBLIC_ROOT_FIELDS: ReadonlySet<string> = new Set(['regions', 'region', 'organizations', 'organization', 'nationalSummary']);

export interface ResponseCacheOptions {
  /** How long an answer is served (default 3 s): the bound on a change made through another gateway replica. */
  ttlMs?: number;
  /** Answers kept (default 500), oldest evicted first. */
  maxEntries?: number;
  /** Root fields that may be cached (default {@link PUBLIC_ROOT_FIELDS}). */
  publicRootFields?: ReadonlySet<string>;
  now?: () => number;
}

interface Entry {
  result: FormattedExecutionResult;
  until: number;
}

/**
 * A response cache for anonymous public reads (issue 12, decision 0021). Only an **anonymous** caller's query
 * over HTTP (the route marks it `cacheable`) whose root fields are all public is answered from the cache or
 * stored in it, keyed by the document's hash, operation name, variables and language; only answers without
 * errors are stored. A signed-in person or a partner key never reads or fills it, so no one's own data can
 * reach another caller, and no anonymous answer reaches a signed-in one.
 *
 * Freshness: every mutation through this gateway empties the cache when it starts and again when it ends (a new
 * organisation or registration shows at once), and an answer lives at most `ttlMs` — the bound for writes made
 * through another replica or inside a subgraph. A client that sends `Cache-Control: no-cache` gets a fresh answer
 * (which is stored). Answers say `x-kaikukanta-cache: hit|miss`.
 */
export function useResponseCache(options: ResponseCacheOptions = {}): ApolloServerPlugin<GatewayContext> & { clear(): void; readonly size: number } {
  const ttlMs = options.ttlMs ?? 3_000;
  const maxEntries = options.maxEntries ?? 500;
  const publicRootFields = options.publicRootFields ?? PUBLIC_ROOT_FIELDS;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();

  const keyOf = (ctx: GraphQLRequestContextResponseForOperation<GatewayContext>): string | undefined => {
    if (!ctx.contextValue.cacheable || ctx.contextValue.identity.kind !== 'anonymous') return undefined;
    if (!isPublicQuery(ctx.operation, publicRootFields)) return undefined;
    return JSON.stringify([ctx.queryHash, ctx.operationName ?? null, ctx.request.variables ?? {}, ctx.contextValue.locale]);
  };

  return {
    get size() {
      return entries.size;
    },
    clear: () => entries.clear(),
    async requestDidStart() {
      let key: string | undefined;
      let hit = false;
      let mutation = false;
      return {
        async didResolveOperation({ operation }) {
          if (operation?.operation !== 'mutation') return;
          mutation = true;
          entries.clear();
        },
        async responseForOperation(ctx) {
          key = keyOf(ctx);
          if (!key) return null;
          const noCache = /\bno-(cache|store)\b/i.test(ctx.request.http?.headers.get('cache-control') ?? '');
          const entry = entries.get(key);
          if (noCache || !entry || entry.until <= now()) return null;
          hit = true;
          return { http: { status: undefined, headers: new HeaderMap() }, body: { kind: 'single', singleResult: entry.result } };
        },
        async willSendResponse({ response }) {
          // Emptied again at the end: a read that ran beside the mutation may have stored what it replaced.
          if (mutation) entries.clear();
          if (!key) return;
          response.http.headers.set(CACHE_HEADER, hit ? 'hit' : 'miss');
          if (hit || response.body.kind !== 'single' || response.body.singleResult.errors?.length) return;
          if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string);
          entries.set(key, { result: response.body.singleResult, until: now() + ttlMs });
        },
      };
    },
  };
}

/** A query whose every root selection is a public field (or `__typename`): no fragments at the root, no mutations. */
function isPublicQuery(operation: OperationDefinitionNode, publicRootFields: ReadonlySet<string>): boolean {
  if (operation.operation !== 'query') return false;
  return operation.selectionSet.selections.every((selection) => selection.kind === Kind.FIELD && (selection.name.value === '__typename' || publicRootFields.has(selection.name.value)));
}
