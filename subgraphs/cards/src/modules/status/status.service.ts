import { hasRole, todayInFinland, type Role, type SubgraphContext } from '@kaikukanta/kit';
import { canManage, requireStatusReader } from '../card/card.access.js';
import { normaliseCardCode } from '../card/card-code.js';
import { invalidCardCode, lookupsThrottled, statusDayOutOfRange } from '../card/card.errors.js';
import { lastUsableDay, statusOn } from '../card/card-status.js';
import { addDays } from '../card/validity.js';
import { StatusLookupRepository } from './status-lookup.repository.js';
import { CardStatusType } from './status.type.js';

/**
 * Look-ups per minute. A box office scanning at the door stays far below; an
 * enumeration of five-character old codes (E1234) would need hours (R29).
 * Partner systems check whole sales reports, so keys get more.
 */
export const LOOKUPS_PER_MINUTE = { person: 120, apiKey: 600 } as const;

/**
 * L1/R29: the days `on` may name, around today. A venue checks a card for an event: at the door, for a sales
 * report sent a few days late, or for a booking up to a year ahead. Any day beyond would let a holder of a code
 * binary-search the grant and end dates, which R29 does not give venues.
 */
export const STATUS_WINDOW = { daysBack: 7, daysAhead: 400 } as const;

/**
 * Roles that manage cards rather than check them at a venue: they are answered only about the cards they manage
 * (canManage). Any other code gets the unknown-code answer, so a distributor cannot read another organisation's
 * card — its child-ticket limit is the holder's number of minor children (R8, L1).
 */
const MANAGING_ROLES: readonly Role[] = ['DISTRIBUTOR', 'REGION_ADMIN'];

/** R3, R13, R29: may this card be used on this day — and only what a venue needs to know. */
export class CardStatusService {
  constructor(private readonly ctx: SubgraphContext) {}

  async status(codeInput: string, onInput?: string | null): Promise<CardStatusType> {
    const caller = requireStatusReader(this.ctx.identity);
    const limit = this.ctx.identity.kind === 'apiKey' ? LOOKUPS_PER_MINUTE.apiKey : LOOKUPS_PER_MINUTE.person;
    // Every look-up counts, a malformed code too; the card is read in the same statement (decision 0030).
    const normalised = normaliseCardCode(codeInput);
    const { lookups, secondsLeft, card: found } = await new StatusLookupRepository(this.ctx.em).countAndFind(caller, normalised.ok ? normalised.code : null);
    if (lookups > limit) throw lookupsThrottled(secondsLeft);

    if (!normalised.ok) throw invalidCardCode(normalised.problem);
    const today = todayInFinland();
    const on = onInput ?? today;
    if (on < addDays(today, -STATUS_WINDOW.daysBack) || on > addDays(today, STATUS_WINDOW.daysAhead)) throw statusDayOutOfRange(STATUS_WINDOW.daysBack, STATUS_WINDOW.daysAhead);
    const card = found && this.mayAnswerAbout(found) ? found : null;
    const answer = Object.assign(new CardStatusType(), { code: normalised.code, on });
    // Every unknown code gets this very answer (R29: nothing to learn by trying codes).
    if (!card) return Object.assign(answer, { usable: false, reason: 'NOT_REGISTERED', kind: null, lastValidDay: null, childTicketLimit: null });
    const { usable, reason } = statusOn(card, on);
    return Object.assign(answer, {
      usable,
      reason,
      kind: card.kind,
      lastValidDay: lastUsableDay(card),
      childTicketLimit: card.childTicketLimit,
    });
  }

  private mayAnswerAbout(card: { distributorId: string; regionId?: string | null }): boolean {
    if (!hasRole(this.ctx.identity, ...MANAGING_ROLES)) return true;
    return canManage(this.ctx.identity, card);
  }
}
