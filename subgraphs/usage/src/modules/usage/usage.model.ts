import { enumOf } from '@kaikukanta/kit';
import { registerEnumType } from 'type-graphql';
import type { EventKind } from '../event/event.model.js';

/** R10: a personal card or an organisation's community card (as `cards.card_status` names them). */
export const CARD_KINDS = ['PERSONAL', 'COMMUNITY'] as const;
export type CardKind = (typeof CARD_KINDS)[number];

/** Why a use was cancelled: a closed list, since free text could carry personal data (R9). */
export const CANCEL_REASONS = ['ENTERED_IN_ERROR', 'WRONG_CARD', 'WRONG_EVENT', 'TICKET_RETURNED', 'EVENT_CANCELLED', 'OTHER'] as const;
export type CancelReason = (typeof CANCEL_REASONS)[number];

/** Which entry point wrote (idempotency keys are per organisation, whatever the operation; a key names one request). */
export const WRITE_OPERATIONS = ['REGISTER', 'REGISTER_GROUP', 'CANCEL'] as const;
export type WriteOperation = (typeof WRITE_OPERATIONS)[number];

/**
 * Cancellation window: the registering organisation may cancel a use until the end of this many days after the
 * event's day (Finnish calendar days): a door mistake, a returned ticket or a late-noticed duplicate is corrected
 * within a week, and statistics published for a month stay stable after that.
 */
export const CANCEL_WINDOW_DAYS = 7;

/** R10/R14: a community card accompanies one client or a small group of 2–5. */
export const GROUP_MEMBERS = { min: 1, max: 5 } as const;

/** Client-made idempotency keys: long enough for a UUID or a ticketing system's own order id. */
export const IDEMPOTENCY_KEY = { pattern: /^[A-Za-z0-9._:-]{8,100}$/ } as const;

/** R16: how far a device clock may run ahead of the server's when it says when a use was captured. */
export const CAPTURED_AT_TOLERANCE_MS = 5 * 60_000;

export const CardKindEnum = enumOf(CARD_KINDS);
export const CancelReasonEnum = enumOf(CANCEL_REASONS);
registerEnumType(CancelReasonEnum, { name: 'UsageCancelReason', description: 'Why a use was cancelled (a closed list, R9).' });

/**
 * A use as the API answers it (`UsageType.from`): an entity loaded from usage.usage, or the row a registration has
 * just written in one statement (issue 12), without loading it back.
 */
export interface UsageRecord {
  id: string;
  event?: { id: string } | null;
  providerId: string;
  eventName: string;
  eventDate: string;
  eventKind: EventKind;
  cardCode: string;
  cardKind: CardKind;
  childTickets: number;
  groupId?: string | null;
  registeringOrganizationId?: string | null;
  registeringRegionId?: string | null;
  registeredAt: Date;
  capturedAt?: Date | null;
  cancelledAt?: Date | null;
  cancelReason?: CancelReason | null;
}
