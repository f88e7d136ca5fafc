import { capMinimum } from './cap-rules.js';
import { capAboveCapacity, capacityBelowRegistered, capBelowMinimum, capBelowRegistered, invalidCapacity, invalidName, invalidStart, invalidTimeLimit } from './event.errors.js';
import { fromHelsinki, LocalTimeError } from './event-time.js';
import type { EventKind } from './event.model.js';

/** What an event will be once a create or update is applied: the rules judge the result, not the change. */
export interface EventDraft {
  name: string;
  kind: EventKind;
  startsAt: Date;
  capacity: number;
  cap: number | null;
  guestProducer: boolean;
  reservationOpensDaysBefore: number | null;
  redemptionOpensMinutesBefore: number | null;
}

const MAX_CAPACITY = 1_000_000;

/** A start typed as Helsinki wall time (decision 0014), or a coded BAD_USER_INPUT. */
export function parseStart(local: string): Date {
  try {
    return fromHelsinki(local);
  } catch (error) {
    if (error instanceof LocalTimeError) throw invalidStart(error.problem);
    throw error;
  }
}

export function normaliseName(name: string): string {
  const trimmed = name.trim().replace(/\s+/g, ' ');
  if (!trimmed || trimmed.length > 200) throw invalidName();
  return trimmed;
}

/** Everything but the cap: capacity and the R22 time limits within their ranges. */
export function checkFields(draft: EventDraft): void {
  if (!Number.isInteger(draft.capacity) || draft.capacity < 1 || draft.capacity > MAX_CAPACITY) throw invalidCapacity();
  const days = draft.reservationOpensDaysBefore;
  if (days !== null && (days < 1 || days > 365)) throw invalidTimeLimit('reservationOpensDaysBefore');
  const minutes = draft.redemptionOpensMinutesBefore;
  if (minutes !== null && (minutes < 1 || minutes > 1440)) throw invalidTimeLimit('redemptionOpensMinutesBefore');
}

/**
 * R20 and R21 on the cap: not above the tickets there are, not below the rule
 * of the event (the first refusal names the rule and the minimum), and — once
 * card holders are registered (`used`) — neither cap nor capacity below them.
 * `venueType` comes from organizations.provider_scope.
 */
export function checkCap(draft: EventDraft, venueType: string | null, used: number): void {
  if (draft.capacity < used) throw capacityBelowRegistered(used);
  if (draft.cap === null) return;
  if (draft.cap > draft.capacity) throw capAboveCapacity(draft.capacity);
  const minimum = capMinimum({ kind: draft.kind, capacity: draft.capacity, guestProducer: draft.guestProducer, venueType });
  if (draft.cap < minimum.minimum) throw capBelowMinimum(minimum);
  if (draft.cap < used) throw capBelowRegistered(used);
}
