import type { ServerResponse } from 'node:http';

/**
 * Headers on every response. Scripts and styles come only from this origin
 * (SvelteKit's bootstrap script is allowed by the hash it writes into the
 * page's own CSP meta tag); the app cannot be framed.
 */
export function setSecurityHeaders(res: ServerResponse): void {
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('referrer-policy', 'no-referrer');
  res.setHeader('x-frame-options', 'DENY');
  res.setHeader('cross-origin-opener-policy', 'same-origin');
  res.setHeader('permissions-policy', 'camera=(self), microphone=(), geolocation=()');
  res.setHeader('content-security-policy', "frame-ancestors 'none'; object-src 'none'; base-uri 'self'; form-action 'self'");
}
