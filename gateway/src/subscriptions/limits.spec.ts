import { describe, expect, it } from 'vitest';
import { MessageRate, SocketsPerAddress } from './limits.js';

describe('live channel limits (H2)', () => {
  it('H2: a socket gets its burst at once, then the refill rate; a flood of refusals closes it', () => {
    let now = 0;
    const sut = new MessageRate(3, 2, () => now);
    expect([sut.take(), sut.take(), sut.take(), sut.take()]).toEqual(['accept', 'accept', 'accept', 'refuse']);
    now += 500;
    expect([sut.take(), sut.take()]).toEqual(['accept', 'refuse']);
    expect([sut.take(), sut.take()]).toEqual(['refuse', 'close']);
    now += 10_000;
    expect([sut.take(), sut.take(), sut.take(), sut.take()]).toEqual(['accept', 'accept', 'accept', 'refuse']);
  });

  it('H2: counts sockets per address and forgets an address without sockets', () => {
    const sut = new SocketsPerAddress(2);
    sut.opened('203.0.113.1');
    sut.opened('203.0.113.1');
    expect([sut.hasRoom('203.0.113.1'), sut.hasRoom('203.0.113.2')]).toEqual([false, true]);
    sut.closed('203.0.113.1');
    expect(sut.hasRoom('203.0.113.1')).toBe(true);
  });
});
