import type { CardState, StatusReason } from './card.model.js';

export interface CardValidity {
  state: CardState;
  grantedOn: string;
  validUntil: string;
  closedOn?: string | null;
}

/**
 * R3, R5, R6, R13: whether a registered card can be used on a day (an event
 * date). Taking out of use and ending are reported before expiry: they are
 * what the holder needs to hear about.
 */
export function statusOn(card: CardValidity, day: string): { usable: boolean; reason: StatusReason | null } {
  if (day < card.grantedOn) return { usable: false, reason: 'NOT_YET_VALID' };
  if (card.closedOn && day >= card.closedOn) return { usable: false, reason: card.state === 'OUT_OF_USE' ? 'OUT_OF_USE' : 'ENDED' };
  if (day > card.validUntil) return { usable: false, reason: 'EXPIRED' };
  return { usable: true, reason: null };
}
