import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { clientAddress } from './client-address.js';

const request = (remoteAddress: string, forwarded?: string) =>
  ({ socket: { remoteAddress }, headers: forwarded === undefined ? {} : { 'x-forwarded-for': forwarded } }) as unknown as IncomingMessage;

describe('client address for the per-address login throttle (R28)', () => {
  it('ignores X-Forwarded-For unless proxies are trusted: a client cannot pick its own address', () => {
    expect(clientAddress(request('203.0.113.9', '198.51.100.1'), 0)).toBe('203.0.113.9');
  });

  it('takes the address the trusted proxy saw, not what the client wrote to the left of it', () => {
    expect(clientAddress(request('10.0.0.2', '198.51.100.1, 203.0.113.7'), 1)).toBe('203.0.113.7');
    expect(clientAddress(request('10.0.0.2', '1.1.1.1, 203.0.113.7, 10.0.0.5'), 2)).toBe('203.0.113.7');
  });

  it('falls back to the socket address when the header is missing, too short or not an address', () => {
    expect(clientAddress(request('10.0.0.2'), 1)).toBe('10.0.0.2');
    expect(clientAddress(request('10.0.0.2', '203.0.113.7'), 2)).toBe('10.0.0.2');
    expect(clientAddress(request('10.0.0.2', 'evil'), 1)).toBe('10.0.0.2');
  });
});
