import { goto } from '$app/navigation';

/** Pages anyone may open; every other page needs a signed-in person. */
const PUBLIC = [/^\/$/, /^\/login\/?$/, /^\/invitation\//, /^\/reset\//, /^\/privacy\/?$/];

export function needsSignIn(pathname: string): boolean {
  return !PUBLIC.some((pattern) => pattern.test(pathname));
}

/** Sends an anonymous visitor of a protected page to the login, which brings them back (`next`) afterwards. */
export function signInFirst(url: { pathname: string; search: string }): void {
  if (!needsSignIn(url.pathname)) return;
  void goto(`/login?next=${encodeURIComponent(url.pathname + url.search)}`, { replaceState: true });
}

/** `next` only when it is a path of this app: never another origin (`//evil.example`, `/\evil.example`). */
export function safeNext(value: string | null | undefined): string | undefined {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return undefined;
  return value;
}

/** Where a role's work is: administrators administer; everyone else starts from the network page and its menu. */
export function landingFor(role: string | null | undefined): string {
  return role === 'NATIONAL_ADMIN' || role === 'REGION_ADMIN' ? '/admin/organizations' : '/';
}
