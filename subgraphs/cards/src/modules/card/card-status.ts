import { addDays } from '@kaikukanta/kit';
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

/**
 * R5, R6 (decision 0006): the card's last valid day — the one date both the card's own page and a venue's check
 * show. After ending or taking out of use it is the day before `closedOn` (from that day the card cannot be used),
 * unless the validity ran out earlier. Null when the card was closed on its grant day and so never had a valid day.
 */
export function lastUsableDay(card: Pick<CardValidity, 'grantedOn' | 'validUntil' | 'closedOn'>): string | null {
  if (!card.closedOn) return card.validUntil;
  const dayBefore = addDays(card.closedOn, -1);
  if (dayBefore < card.grantedOn) return null;
  return dayBefore < card.validUntil ? dayBefore : card.validUntil;
}
