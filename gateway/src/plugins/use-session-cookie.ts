import type { IncomingMessage } from 'node:http';
import { parseCookie, stringifySetCookie } from 'cookie';
import type { GatewayContext } from '../context.js';

/**
 * I1: in production the cookie is `__Host-kk_session`. Browsers accept a
 * `__Host-` cookie only with Secure, Path=/ and no Domain, so a sibling
 * subdomain cannot plant one that shadows ours. Browsers refuse Secure
 * cookies from a plain-http origin other than localhost, and `__Host-` needs
 * Secure, so development over http://localhost keeps the plain `kk_session`.
 */
export const SESSION_COOKIE_NAMES = { production: '__Host-kk_session', development: 'kk_session' } as const;
/** A session cookie lives 12 h (the organizations subgraph expires the session itself). */
export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

export interface SessionCookie {
  readonly name: string;
  /** The session token the request carries (the first cookie of that name), if any. */
  read(req: IncomingMessage): string | undefined;
  /** `Set-Cookie` for a new token, or one that deletes the cookie (`null`). */
  header(token: string | null): string;
}

/** HttpOnly, SameSite=Strict, Path=/, 12 h; Secure and `__Host-` in production (served over TLS). */
export function sessionCookie(production: boolean): SessionCookie {
  const name = production ? SESSION_COOKIE_NAMES.production : SESSION_COOKIE_NAMES.development;
  return {
    name,
    read: (req) => (req.headers.cookie ? parseCookie(req.headers.cookie)[name] || undefined : undefined),
    header: (token) =>
      stringifySetCookie({
        name,
        value: token ?? '',
        maxAge: token ? SESSION_MAX_AGE_SECONDS : 0,
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: production,
      }),
  };
}

/**
 * Turns the organizations subgraph's session instructions for this request
 * (new token, session changed or revoked) into the browser's cookie, and
 * drops the old token from the identity cache when the session changed.
 */
export function useSessionCookie(cookie: SessionCookie, forget: (token: string) => void) {
  return (req: IncomingMessage, context: GatewayContext | undefined): [string, string][] => {
    const session = context?.session;
    if (!session) return [];
    const current = cookie.read(req);
    if (session.changed && current) forget(current);
    if (session.set) return [['set-cookie', cookie.header(session.set)]];
    if (session.changed === 'revoked') return [['set-cookie', cookie.header(null)]];
    return [];
  };
}
