import DataLoader from 'dataloader';

/**
 * One DataLoader per kind per request (ARCHITECTURE: entity references are
 * batched, one query per batch). Created lazily so a request that needs no
 * loader pays nothing.
 */
export class Loaders {
  readonly #loaders = new Map<string, DataLoader<unknown, unknown>>();

  get<K, V>(name: string, batch: (keys: readonly K[]) => Promise<(V | Error)[]>, options?: DataLoader.Options<K, V, string>): DataLoader<K, V, string> {
    let loader = this.#loaders.get(name) as DataLoader<K, V, string> | undefined;
    if (!loader) {
      loader = new DataLoader<K, V, string>(batch, { maxBatchSize: 500, ...options } as DataLoader.Options<K, V, string>);
      this.#loaders.set(name, loader as DataLoader<unknown, unknown>);
    }
    return loader;
  }
}

/** Orders rows to match the keys, with `null` for a key that has no row (DataLoader's contract). */
export function byKeys<K, V>(keys: readonly K[], rows: readonly V[], keyOf: (row: V) => K): (V | null)[] {
  const map = new Map<K, V>();
  for (const row of rows) map.set(keyOf(row), row);
  return keys.map((key) => map.get(key) ?? null);
}
