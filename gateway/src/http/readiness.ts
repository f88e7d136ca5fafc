import { sendError } from '@kaikukanta/kit/http';
import type { ScopedHandler } from '../plugins/use-request-scope.js';
import { routeOf } from './router.js';

/** How long one answer of the subgraphs' readiness is reused (L8): a flood of `/readyz` costs one fan-out per window. */
export const READINESS_CACHE_MS = 1_500;

/** Asks each subgraph's `/readyz` (at most 2 s each, in parallel). */
export async function checkSubgraphs(urls: Record<string, string>): Promise<Record<string, boolean>> {
  const entries = await Promise.all(
    Object.entries(urls).map(async ([name, graphqlUrl]) => {
      const url = new URL('/readyz', graphqlUrl);
      const ok = await fetch(url, { signal: AbortSignal.timeout(2_000) }).then(
        (res) => res.ok,
        () => false,
      );
      return [name, ok] as const;
    }),
  );
  return Object.fromEntries(entries);
}

/**
 * {@link checkSubgraphs} that cannot be amplified (L8): callers arriving while
 * a check runs share it, and its answer is reused for `cacheMs` (default
 * {@link READINESS_CACHE_MS}) after it completes.
 */
export function cachedReadiness(
  urls: Record<string, string>,
  cacheMs = READINESS_CACHE_MS,
  check: (urls: Record<string, string>) => Promise<Record<string, boolean>> = checkSubgraphs,
): () => Promise<Record<string, boolean>> {
  let current: { answer: Promise<Record<string, boolean>>; until: number } | undefined;
  return () => {
    if (current && current.until > Date.now()) return current.answer;
    const entry = { answer: check(urls), until: Number.POSITIVE_INFINITY };
    current = entry;
    void entry.answer.finally(() => (entry.until = Date.now() + cacheMs));
    return entry.answer;
  };
}

/** The answer to every request but `/healthz` while the gateway stops (decision 0020). */
export const SHUTTING_DOWN = 'SHUTTING_DOWN';

/**
 * While the gateway stops (SIGTERM, `draining()` true) a request that arrives — on a new connection or a kept-alive
 * one — is answered 503 SHUTTING_DOWN with `Connection: close` and `Retry-After`, so a load balancer or client goes
 * to another instance; `/readyz` says 503 too. Requests already running are not touched: they finish (decision 0020).
 * `/healthz` still says the process lives.
 */
export function refuseWhileDraining(handler: ScopedHandler, draining: () => boolean): ScopedHandler {
  return (req, res, scope) => {
    if (!draining() || routeOf(req.url) === '/healthz') return handler(req, res, scope);
    res.setHeader('connection', 'close');
    res.setHeader('retry-after', '1');
    return sendError(res, 503, SHUTTING_DOWN, SHUTTING_DOWN_MESSAGES[scope.locale]);
  };
}

const SHUTTING_DOWN_MESSAGES = {
  fi: 'Palvelu käynnistyy uudelleen. Yritä hetken kuluttua uudelleen.',
  sv: 'Tjänsten startas om. Försök igen om en stund.',
  en: 'The service is restarting. Try again in a moment.',
} as const;
