/**
 * Every id this subgraph stores is a UUID. An id argument that is not one
 * names nothing: services answer NOT_FOUND (or null) for it instead of letting
 * PostgreSQL fail on the cast, which would surface as an internal error.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}
