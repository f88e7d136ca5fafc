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
