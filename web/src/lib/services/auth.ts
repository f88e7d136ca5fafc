import { goto } from '$app/navigation';
import { client } from '../graphql/client.js';
import { LoginDocument, LogoutDocument, SelectMembershipDocument } from '../graphql/generated.js';
import { session } from '../state/session.svelte.js';
import { uiError, type UiError } from './errors.js';

/** Logs in; the gateway keeps the session in an HttpOnly cookie. A person with several roles picks one next. */
export async function login(email: string, password: string): Promise<UiError | undefined> {
  const result = await client.mutation(LoginDocument, { email, password }).toPromise();
  if (result.error) return uiError(result.error);
  session.set(result.data?.login ?? null);
  await goto(session.mustChoose ? '/membership' : '/');
  return undefined;
}

export async function logout(): Promise<void> {
  await client.mutation(LogoutDocument, {}).toPromise();
  session.set(null);
  await goto('/');
}

export async function selectMembership(membershipId: string): Promise<UiError | undefined> {
  const result = await client.mutation(SelectMembershipDocument, { membershipId }).toPromise();
  if (result.error) return uiError(result.error);
  session.set(result.data?.selectMembership ?? null);
  return undefined;
}
