import type { Messages } from '@kaikukanta/kit';
import type { EventKind } from './event.model.js';

/**
 * R20: the lowest cap a provider may set for one event. A cap is not a quota
 * (nothing is reserved); it only may not be lower than the rule that fits the
 * event. Interpretation in decision 0014:
 * - the rules are categories tried in this order, and the first that fits
 *   decides (a specific rule replaces the general 5 %, it is not added to it);
 * - no rule asks for more than the tickets there are (minimum ≤ capacity);
 * - guest producers: 5 % of the tickets, but at least 2 and never more than 10;
 * - swimming halls: day tickets of a provider whose venue type is SPORT
 *   (organizations has no finer venue type; the exercise providers of the
 *   network are swimming halls), 20 a day.
 */
export const CAP_RULES = ['TINY', 'GUEST_PRODUCER', 'COURSE', 'SMALL', 'SWIMMING_HALL', 'MASS_EVENT', 'GENERAL'] as const;
export type CapRule = (typeof CAP_RULES)[number];

export interface CapFacts {
  kind: EventKind;
  /** Tickets of the performance (venue capacity), course places, or day tickets a day. */
  capacity: number;
  guestProducer: boolean;
  /** The provider's venue type from organizations.provider_scope; null when not told. */
  venueType: string | null;
}

export interface CapMinimum {
  rule: CapRule;
  minimum: number;
}

const TINY_MAX = 10;
const SMALL_MAX = 50;
const MASS_MIN = 1000;

/** The rule that applies to an event and the lowest cap it allows. */
export function capMinimum(facts: CapFacts): CapMinimum {
  const { kind, capacity } = facts;
  const fivePercent = Math.ceil((capacity * 5) / 100);
  const of = (rule: CapRule, minimum: number): CapMinimum => ({ rule, minimum: Math.min(minimum, capacity) });
  // Trial rule: performances for at most 10 people may set 0 or 1.
  if (capacity <= TINY_MAX) return of('TINY', 0);
  if (facts.guestProducer) return of('GUEST_PRODUCER', Math.min(Math.max(fivePercent, 2), 10));
  if (kind === 'COURSE') return of('COURSE', 2);
  if (capacity <= SMALL_MAX) return of('SMALL', 2);
  if (kind === 'DAY_TICKET' && facts.venueType === 'SPORT') return of('SWIMMING_HALL', 20);
  if (capacity > MASS_MIN) return of('MASS_EVENT', 20);
  return of('GENERAL', fivePercent);
}

/** Each rule in words, for the refusal: which rule applies and why (R20). */
export const CAP_RULE_TEXT: Record<CapRule, Messages> = {
  TINY: {
    fi: 'enintään 10 hengen esityksissä yläraja voi olla 0–1 (kokeilusääntö)',
    sv: 'för föreställningar för högst 10 personer kan gränsen vara 0–1 (försöksregel)',
    en: 'performances for at most 10 people may set 0–1 (trial rule)',
  },
  GUEST_PRODUCER: {
    fi: 'vierailevilla tuottajilla yläraja on 5 % lipuista, kuitenkin vähintään 2 ja enintään 10 vaadittua paikkaa',
    sv: 'för gästproducenter är gränsen 5 % av biljetterna, minst 2 och högst 10 krävda platser',
    en: 'for guest producers the cap is 5 % of the tickets, but at least 2 and no more than 10 required',
  },
  COURSE: {
    fi: 'kursseilla vähintään 2 kurssipaikkaa',
    sv: 'för kurser minst 2 kursplatser',
    en: 'courses: at least 2 course places',
  },
  SMALL: {
    fi: 'pienissä, enintään 50 paikan esityksissä vähintään 2',
    sv: 'för små föreställningar med högst 50 platser minst 2',
    en: 'small performances (at most 50 seats): at least 2',
  },
  SWIMMING_HALL: {
    fi: 'uimahalleissa vähintään 20 päivässä (kokeilusääntö)',
    sv: 'för simhallar minst 20 per dag (försöksregel)',
    en: 'swimming halls: at least 20 a day (trial rule)',
  },
  MASS_EVENT: {
    fi: 'yli 1 000 hengen festivaaleilla, halleissa ja suurtapahtumissa vähintään 20 lippua',
    sv: 'för festivaler, hallar och massevenemang för över 1 000 personer minst 20 biljetter',
    en: 'festivals, halls and mass events for over 1,000 people: at least 20 tickets',
  },
  GENERAL: {
    fi: 'yleensä vähintään 5 % esityksen lipuista (pyöristettynä ylöspäin)',
    sv: 'i allmänhet minst 5 % av föreställningens biljetter (avrundat uppåt)',
    en: 'in general at least 5 % of the tickets of the performance (rounded up)',
  },
};
