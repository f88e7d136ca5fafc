import { describe, expect, it } from 'vitest';
import { fromHelsinki } from './event-time.js';
import { redemptionOpensAt, reservationOpensAt } from './time-limits.js';

describe('R22: time limits', () => {
  it('R22: no limit is null', () => {
    const start = fromHelsinki('2026-05-30T19:00');
    expect(reservationOpensAt(start, null)).toBeNull();
    expect(redemptionOpensAt(start, null)).toBeNull();
  });

  it('R22: reservations open at midnight in Finland N days before the event day', () => {
    expect(reservationOpensAt(fromHelsinki('2026-05-30T19:00'), 30)?.toISOString()).toBe('2026-04-29T21:00:00.000Z');
  });

  it('R22: reservations a month before an April show open at winter-time midnight in March (across the DST change)', () => {
    // Event 2026-04-15 (summer time); 30 days earlier is 2026-03-16, still winter time: midnight is 22:00 UTC.
    expect(reservationOpensAt(fromHelsinki('2026-04-15T19:00'), 30)?.toISOString()).toBe('2026-03-15T22:00:00.000Z');
  });

  it('R22: a late show just after midnight UTC still counts days from its Finnish date', () => {
    // 01:30 in Helsinki on 1 Nov is 23:30 UTC on 31 Oct; one day before is 31 Oct in Finland.
    expect(reservationOpensAt(fromHelsinki('2026-11-01T01:30'), 1)?.toISOString()).toBe('2026-10-30T22:00:00.000Z');
  });

  it('R22: redemption opens N minutes of real time before the start, also across the fall-back night', () => {
    // 04:15 winter time on 25 Oct 2026; 60 minutes earlier is the second 03:15 (winter time), not the first.
    const start = fromHelsinki('2026-10-25T04:15');
    expect(redemptionOpensAt(start, 60)?.toISOString()).toBe(fromHelsinki('2026-10-25T03:15+02:00').toISOString());
    expect(redemptionOpensAt(fromHelsinki('2026-03-29T04:15'), 30)?.toISOString()).toBe(fromHelsinki('2026-03-29T02:45').toISOString());
  });
});
