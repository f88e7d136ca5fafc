import type { CardStatusViewRow } from '@kaikukanta/kit';
import { describe, expect, it, vi } from 'vitest';
import type { Registrar } from './registration.access.js';
import { readLookups, requestedCodes, type RuleLookups } from './registration.rules.js';
import type { EventRow, RegistrationReads } from './usage.repository.js';

const PROVIDER = '0a6c1a5e-0000-4000-8000-0000000000aa';
const EVENT: EventRow = {
  id: '0a6c1a5e-0000-4000-8002-000000000001',
  providerId: PROVIDER,
  name: 'Konsertti',
  kind: 'PERFORMANCE',
  startsAt: new Date('2026-12-24T17:00:00Z'),
  cap: null,
  used: 0,
  reservationOpensDaysBefore: null,
  redemptionOpensMinutesBefore: null,
  excluded: false,
};
const STATUS = { code: 'AM99001001', card_id: '0a6c1a5e-0000-4000-8003-000000000001' } as CardStatusViewRow;
const AGENT = { role: 'TICKET_AGENT', organizationId: '0a6c1a5e-0000-4000-8000-0000000000bb' } as Registrar;

function fallback(): RuleLookups & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    event: vi.fn(async (id: string) => (calls.push(`event ${id}`), null)),
    cardStatuses: vi.fn(async (codes: readonly string[]) => (calls.push(`cards ${codes.join(',')}`), new Map())),
    mayActFor: vi.fn(async (_registrar: Registrar, providerId: string) => (calls.push(`scope ${providerId}`), false)),
  };
}

const reads: RegistrationReads = { claimed: true, event: EVENT, scopeProviderId: PROVIDER, mayAct: true, statuses: new Map([[STATUS.code, STATUS]]) };

describe('decision 0027: the rules answered from the one statement a registration reads', () => {
  it('answers the event, the cards and R18 for its provider from what was read, asking nothing more', async () => {
    const more = fallback();
    const lookups = readLookups(reads, { eventId: EVENT.id, codes: [STATUS.code, 'AM99009999'] }, more);
    expect(await lookups.event(EVENT.id)).toBe(EVENT);
    // A code that was asked and not found is unregistered (R3), not a reason to ask again.
    expect([...(await lookups.cardStatuses([STATUS.code, 'AM99009999'])).entries()]).toEqual([[STATUS.code, STATUS]]);
    expect(await lookups.mayActFor(AGENT, PROVIDER.toUpperCase())).toBe(true);
    expect(more.calls).toEqual([]);
  });

  it('asks the repositories for what the statement did not read: another event, a code not asked, another provider, a role it never asked for', async () => {
    const more = fallback();
    const lookups = readLookups(reads, { eventId: EVENT.id, codes: [STATUS.code] }, more);
    await lookups.event('0a6c1a5e-0000-4000-8002-000000000002');
    await lookups.cardStatuses([STATUS.code, 'AM99002002']);
    await lookups.mayActFor(AGENT, '0a6c1a5e-0000-4000-8000-0000000000cc');
    await readLookups({ ...reads, mayAct: null }, { eventId: EVENT.id, codes: [] }, more).mayActFor(AGENT, PROVIDER);
    expect(more.calls).toEqual([
      'event 0a6c1a5e-0000-4000-8002-000000000002',
      `cards ${STATUS.code},AM99002002`,
      'scope 0a6c1a5e-0000-4000-8000-0000000000cc',
      `scope ${PROVIDER}`,
    ]);
  });

  it('R2: reads each card once, normalised as cards stores it, and no text that is no card code', () => {
    expect(requestedCodes({ cards: [{ code: 'am 9900 1001', childTickets: 0 }, { code: 'AM99001001', childTickets: 0 }, { code: '!!', childTickets: 0 }] })).toEqual(['AM99001001']);
  });
});
