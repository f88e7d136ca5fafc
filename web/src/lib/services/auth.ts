import { goto } from '$app/navigation';
import { LoginDocument, LogoutDocument, SelectMembershipDocument } from '../graphql/generated.js';
import { session } from '../state/session.svelte.js';
import type { UiError } from './errors.js';
import { landingFor, safeNext } from './guard.js';
import { mutate } from './mutate.js';

/**
 * Logs in; the gateway keeps the session in an HttpOnly cookie. A person with several roles picks one next.
 * Then back to the page that sent them here (`next`), or to their role's work.
 */
export async function login(email: string, password: string, next?: string | null): Promise<UiError | undefined> {
  const outcome = await mutate(LoginDocument, { email, password });
  if (outcome.error) return outcome.error;
  session.set(outcome.data.login);
  const back = safeNext(next);
  if (session.mustChoose) await goto(back ? `/membership?next=${encodeURIComponent(back)}` : '/membership');
  else await goto(back ?? landingFor(session.active?.role));
  return undefined;
}

/**
 * Logs out. Only when the gateway confirmed it: if the call failed, the cookie may still be valid, so the page
 * stays visibly signed in and says why (L3). Then a full page load starts the app afresh: urql's cache (cards,
 * codes, background of this person's work) and the WebSocket are gone before the next person at a shared desk.
 */
export async function logout(): Promise<UiError | undefined> {
  const outcome = await mutate(LogoutDocument, {});
  if (outcome.error) return outcome.error;
  session.set(null);
  startAfresh('/');
  return undefined;
}

/**
 * Acts in another membership, then starts the app afresh at `then` (L3): what the previous role's queries
 * cached must not be shown to the new one, and a page the new role may not see is left.
 */
export async function selectMembership(membershipId: string, then: () => string = () => '/'): Promise<UiError | undefined> {
  const outcome = await mutate(SelectMembershipDocument, { membershipId });
  if (outcome.error) return outcome.error;
  session.set(outcome.data.selectMembership);
  startAfresh(then());
  return undefined;
}

/** A full navigation: every in-memory cache and socket of this page is dropped. */
function startAfresh(path: string): void {
  window.location.assign(path);
}
