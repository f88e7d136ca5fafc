import type { IncomingMessage } from 'node:http';
import { describe, expect, it, vi } from 'vitest';
import type { GatewayContext } from '../context.js';
import { sessionCookie, useSessionCookie } from './use-session-cookie.js';

const request = (cookie?: string) => ({ headers: cookie ? { cookie } : {} }) as unknown as IncomingMessage;
const context = (session: GatewayContext['session']) => ({ session }) as GatewayContext;

describe('session cookie (I1)', () => {
  it('I1: production sets __Host-kk_session with Secure, Path=/ and no Domain', () => {
    const sut = sessionCookie(true);
    expect(sut.header('t0k3n')).toBe('__Host-kk_session=t0k3n; Max-Age=43200; Path=/; HttpOnly; Secure; SameSite=Strict');
    expect(sut.header(null)).toBe('__Host-kk_session=; Max-Age=0; Path=/; HttpOnly; Secure; SameSite=Strict');
  });

  it('I1: development over http://localhost keeps kk_session without Secure', () => {
    expect(sessionCookie(false).header('t0k3n')).toBe('kk_session=t0k3n; Max-Age=43200; Path=/; HttpOnly; SameSite=Strict');
  });

  it('reads the first cookie of its own name only', () => {
    const sut = sessionCookie(true);
    expect(sut.read(request('kk_session=plain; __Host-kk_session=first; __Host-kk_session=second'))).toBe('first');
    expect(sut.read(request('kk_session=plain'))).toBeUndefined();
    expect(sut.read(request())).toBeUndefined();
  });

  it("turns the subgraph's session instructions into Set-Cookie and forgets a changed session", () => {
    const forget = vi.fn();
    const sut = useSessionCookie(sessionCookie(false), forget);
    expect(sut(request(), context({ set: 'new' }))).toEqual([['set-cookie', expect.stringMatching(/^kk_session=new; /)]]);
    expect(sut(request('kk_session=old'), context({ changed: 'revoked' }))).toEqual([['set-cookie', expect.stringMatching(/^kk_session=; Max-Age=0/)]]);
    expect(forget).toHaveBeenCalledWith('old');
    expect(sut(request('kk_session=old'), context({}))).toEqual([]);
  });
});
