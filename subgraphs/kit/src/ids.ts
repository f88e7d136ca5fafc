import { createHash } from 'node:crypto';

/** `{ A: 'A', B: 'B' }` from `['A', 'B']`: the object type-graphql's registerEnumType wants, from the list entities check against. */
export function enumOf<T extends string>(values: readonly T[]): { [K in T]: K } {
  return Object.fromEntries(values.map((value) => [value, value])) as { [K in T]: K };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Every id the registry stores is a UUID. An id argument that is not one names
 * nothing: services answer NOT_FOUND (or null) for it instead of letting
 * PostgreSQL fail on the cast, which would surface as an internal error.
 */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/**
 * A stable UUID named by `name` (its SHA-256, shaped as a version-5 UUID): for keys in uuid columns that stand for
 * something without an id of its own — a caller named `apiKeys:<organisation>`, the culture officers of one
 * municipality.
 */
export function nameUuid(name: string): string {
  const hex = createHash('sha256').update(name).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
