import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

/**
 * The caller's address, for the login throttle's per-address limit. Behind
 * reverse proxies the socket address is the nearest proxy's, so with
 * `trustedProxyHops` = n the address is the n-th entry from the right of
 * X-Forwarded-For (each trusted proxy appends the address it saw); entries
 * further left were written by the client and are never believed. With 0
 * (the default) the header is ignored altogether.
 */
export function clientAddress(req: IncomingMessage, trustedProxyHops: number): string | undefined {
  const socket = req.socket.remoteAddress;
  if (trustedProxyHops <= 0) return socket;
  const header = req.headers['x-forwarded-for'];
  const hops = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  const candidate = hops[hops.length - trustedProxyHops];
  return candidate && isIP(candidate) ? candidate : socket;
}
