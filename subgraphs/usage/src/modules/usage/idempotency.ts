import { createHash } from 'node:crypto';
import { IDEMPOTENCY_KEY } from './usage.model.js';
import { invalidIdempotencyKey } from './registration.errors.js';

/** A client's idempotency key, checked for shape (it is stored and compared, never interpreted). */
export function validKey(key: string): string {
  if (!IDEMPOTENCY_KEY.pattern.test(key)) throw invalidIdempotencyKey();
  return key;
}

/**
 * SHA-256 of a request's content, the idempotency key itself left out: a retry sends the same content and gets the
 * first answer; the same key with other content is refused. Keys are sorted so property order does not matter.
 */
export function requestHash(operation: string, input: object): string {
  return createHash('sha256').update(`${operation}\n${canonical(input)}`).digest('hex');
}

function canonical(value: unknown): string {
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.entries(value)
      .filter(([key, v]) => key !== 'idempotencyKey' && v !== undefined && v !== null)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([key, v]) => `${JSON.stringify(key)}:${canonical(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}
