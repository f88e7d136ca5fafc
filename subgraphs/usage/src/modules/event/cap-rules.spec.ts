import { describe, expect, it } from 'vitest';
import { capMinimum, CAP_RULES, CAP_RULE_TEXT, type CapFacts, type CapRule } from './cap-rules.js';

/** R20: the lowest cap each kind of event allows (decision 0014). */

const facts = (over: Partial<CapFacts>): CapFacts => ({ kind: 'PERFORMANCE', capacity: 200, guestProducer: false, venueType: 'THEATRE', ...over });

describe('R20: capMinimum', () => {
  it.each<[name: string, over: Partial<CapFacts>, rule: CapRule, minimum: number]>([
    ['general: 5 % of 200 tickets', { capacity: 200 }, 'GENERAL', 10],
    ['general: 5 % rounds up (51 tickets → 3)', { capacity: 51 }, 'GENERAL', 3],
    ['general: 5 % rounds up (201 tickets → 11)', { capacity: 201 }, 'GENERAL', 11],
    ['general: exactly 1,000 tickets is not yet a mass event', { capacity: 1000 }, 'GENERAL', 50],
    ['small: 50 seats → 2', { capacity: 50 }, 'SMALL', 2],
    ['small: 11 seats → 2', { capacity: 11 }, 'SMALL', 2],
    ['tiny (trial): 10 people → 0', { capacity: 10 }, 'TINY', 0],
    ['tiny (trial): 1 person → 0', { capacity: 1 }, 'TINY', 0],
    ['course: 2 places, whatever the size', { kind: 'COURSE', capacity: 400 }, 'COURSE', 2],
    ['course: 12 places → 2', { kind: 'COURSE', capacity: 12 }, 'COURSE', 2],
    ['course of at most 10 places: the trial rule', { kind: 'COURSE', capacity: 8 }, 'TINY', 0],
    ['mass event: 1,001 people → 20, not 51', { capacity: 1001 }, 'MASS_EVENT', 20],
    ['mass event: a 5,000-person festival day ticket → 20', { kind: 'DAY_TICKET', capacity: 5000, venueType: 'FESTIVAL' }, 'MASS_EVENT', 20],
    ['swimming hall: day tickets at a SPORT venue → 20 a day', { kind: 'DAY_TICKET', capacity: 300, venueType: 'SPORT' }, 'SWIMMING_HALL', 20],
    ['swimming hall: also above 1,000 a day', { kind: 'DAY_TICKET', capacity: 1500, venueType: 'SPORT' }, 'SWIMMING_HALL', 20],
    ['swimming hall rule needs the venue type: a museum day ticket is general', { kind: 'DAY_TICKET', capacity: 300, venueType: 'MUSEUM' }, 'GENERAL', 15],
    ['swimming hall rule needs the venue type: unknown venue type is general', { kind: 'DAY_TICKET', capacity: 300, venueType: null }, 'GENERAL', 15],
    ['a performance at a SPORT venue is not a swimming-hall day', { kind: 'PERFORMANCE', capacity: 300, venueType: 'SPORT' }, 'GENERAL', 15],
    ['small swimming hall (40 a day): the small rule', { kind: 'DAY_TICKET', capacity: 40, venueType: 'SPORT' }, 'SMALL', 2],
    ['guest producer: at least 2', { guestProducer: true, capacity: 30 }, 'GUEST_PRODUCER', 2],
    ['guest producer: 5 % in between (120 → 6)', { guestProducer: true, capacity: 120 }, 'GUEST_PRODUCER', 6],
    ['guest producer: at most 10 (500 → 10, not 25)', { guestProducer: true, capacity: 500 }, 'GUEST_PRODUCER', 10],
    ['guest producer: at most 10 even above 1,000', { guestProducer: true, capacity: 3000 }, 'GUEST_PRODUCER', 10],
    ['guest producer for at most 10 people: the trial rule', { guestProducer: true, capacity: 10 }, 'TINY', 0],
  ])('R20: %s', (_name, over, rule, minimum) => {
    expect(capMinimum(facts(over))).toEqual({ rule, minimum });
  });

  it('R20: no rule asks for more than the tickets there are', () => {
    for (let capacity = 1; capacity <= 2500; capacity++) {
      for (const kind of ['PERFORMANCE', 'COURSE', 'DAY_TICKET'] as const) {
        for (const guestProducer of [false, true]) {
          const { minimum } = capMinimum({ kind, capacity, guestProducer, venueType: 'SPORT' });
          expect(minimum).toBeLessThanOrEqual(capacity);
          expect(minimum).toBeGreaterThanOrEqual(0);
        }
      }
    }
  });

  it('R20: every rule is described in Finnish, Swedish and English', () => {
    for (const rule of CAP_RULES) for (const locale of ['fi', 'sv', 'en'] as const) expect(CAP_RULE_TEXT[rule][locale].length).toBeGreaterThan(10);
  });
});
