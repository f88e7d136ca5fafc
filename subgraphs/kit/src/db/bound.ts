import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * A statement with its parameters bound by PostgreSQL (`$1`, `$2`… for each `?`), in the caller's transaction when
 * there is one. `em.execute` inlines every parameter into the SQL text client-side, so a batch's JSON (up to ~1 MB)
 * was escaped into a second string of its size for every statement, and PostgreSQL parsed it as SQL text: large-object
 * garbage in the process and parse time in the server (decision 0018). For batch statements with a large parameter.
 */
export async function bound<T = Record<string, unknown>[]>(em: EntityManager, sql: string, params: readonly unknown[]): Promise<T> {
  const executor = (em.getTransactionContext() ?? em.getConnection().getClient()) as unknown as { executeQuery(query: unknown): Promise<{ rows: unknown[] }> };
  let n = 0;
  const text = sql.replace(/\?/g, () => `$${++n}`);
  const result = await executor.executeQuery({ sql: text, parameters: params, query: { kind: 'RawNode', sqlFragments: [text], parameters: [] }, queryId: { queryId: randomUUID() } });
  return result.rows as T;
}

/** A `text[]` parameter (`?::text[]`): every value quoted, so values with `,`, `"` or a backslash stay whole. */
export function textArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
}
