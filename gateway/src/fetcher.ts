import type { Fetcher } from '@apollo/utils.fetcher';

/**
 * Subgraph fetches use Node's own fetch (undici: keep-alive with a 4 s idle
 * timeout, well under the subgraphs' 65 s, so no socket is reused after the
 * server closed it) and give up after `timeoutMs` — @apollo/gateway has no
 * timeout of its own.
 */
export function createFetcher(timeoutMs: number): Fetcher {
  return ((url: string, init?: RequestInit) =>
    fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) })) as unknown as Fetcher;
}
