/** The first wait before the session is asked again after an answer that decided nothing; it doubles up to the last. */
export const SESSION_RETRY_FIRST_MS = 1_000;
export const SESSION_RETRY_MAX_MS = 30_000;

/**
 * Who the `me` query says is signed in, or undefined when the answer decides nothing and the session must be asked
 * again: no network (R16), or an error in place of `me` — the gateway's 503 SUBGRAPH_UNAVAILABLE when the registry of
 * sessions is slow or down (decision 0020), a subgraph timeout. Only an answer without errors says "signed out"
 * (`me: null`); taking an error for it sent a signed-in person to the login and left their menu empty.
 */
export function sessionAnswer<M>(result: { data?: { me?: M | null } | null; error?: unknown }): { me: M | null } | undefined {
  const me = result.data?.me;
  if (me) return { me };
  if (result.error || !result.data || !('me' in result.data)) return undefined;
  return { me: null };
}

/** The wait after `failures` answers in a row that decided nothing (1 s, 2 s, 4 s … at most 30 s). */
export function sessionRetryDelay(failures: number): number {
  return Math.min(SESSION_RETRY_FIRST_MS * 2 ** Math.max(failures - 1, 0), SESSION_RETRY_MAX_MS);
}
