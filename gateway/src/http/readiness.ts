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
