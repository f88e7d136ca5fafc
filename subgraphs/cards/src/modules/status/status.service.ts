import { todayInFinland, type SubgraphContext } from '@kaikukanta/kit';
import { requireStatusReader } from '../card/card.access.js';
import { normaliseCardCode } from '../card/card-code.js';
import { invalidCardCode, lookupsThrottled } from '../card/card.errors.js';
import { CardRepository } from '../card/card.repository.js';
import { statusOn } from '../card/card-status.js';
import { addDays } from '../card/validity.js';
import { LookupThrottleRepository } from './lookup-throttle.repository.js';
import { CardStatusType } from './status.type.js';

/**
 * Look-ups per minute. A box office scanning at the door stays far below; an
 * enumeration of five-character old codes (E1234) would need hours (R29).
 * Partner systems check whole sales reports, so keys get more.
 */
export const LOOKUPS_PER_MINUTE = { person: 120, apiKey: 600 } as const;

/** R3, R13, R29: may this card be used on this day — and only what a venue needs to know. */
export class CardStatusService {
  constructor(private readonly ctx: SubgraphContext) {}

  async status(codeInput: string, onInput?: string | null): Promise<CardStatusType> {
    const caller = requireStatusReader(this.ctx.identity);
    const limit = this.ctx.identity.kind === 'apiKey' ? LOOKUPS_PER_MINUTE.apiKey : LOOKUPS_PER_MINUTE.person;
    const { lookups, secondsLeft } = await new LookupThrottleRepository(this.ctx.em).count(caller);
    if (lookups > limit) throw lookupsThrottled(secondsLeft);

    const normalised = normaliseCardCode(codeInput);
    if (!normalised.ok) throw invalidCardCode(normalised.problem);
    const on = onInput ?? todayInFinland();
    const card = await new CardRepository(this.ctx.em).findByCode(normalised.code);
    const answer = Object.assign(new CardStatusType(), { code: normalised.code, on });
    // Every unknown code gets this very answer (R29: nothing to learn by trying codes).
    if (!card) return Object.assign(answer, { usable: false, reason: 'NOT_REGISTERED', kind: null, lastValidDay: null, childTicketLimit: null });
    const { usable, reason } = statusOn(card, on);
    const closedBefore = card.closedOn ? addDays(card.closedOn, -1) : null;
    return Object.assign(answer, {
      usable,
      reason,
      kind: card.kind,
      lastValidDay: closedBefore && closedBefore < card.validUntil ? closedBefore : card.validUntil,
      childTicketLimit: card.childTicketLimit,
    });
  }
}
