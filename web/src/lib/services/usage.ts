import { client } from '../graphql/client.js';
import {
  CancelUsageDocument,
  RegisterGroupVisitDocument,
  RegisterUsageDocument,
  UsageCheckDocument,
  type CancelUsageMutation,
  type RegisterGroupVisitMutation,
  type RegisterUsageMutation,
  type UsageCancelReason,
  type UsageCheckQuery,
} from '../graphql/generated.js';
import { locale } from '../i18n/locale.svelte.js';
import type { QueuedLabel } from '../state/offline-queue.svelte.js';
import { uiError, type UiError } from './errors.js';
import { mutate, mutateOrQueue, type Outcome, type QueuedOutcome } from './mutate.js';

/** What the box office registers: one card for one event; the one adult ticket is implied (R11). */
export interface Capture {
  organizationId: string;
  event: { id: string; name: string; startsAt: string };
  cardCode: string;
  childTickets: number;
}

/** A client-made idempotency key: the server's pattern takes a UUID (8–100 of A–Z a–z 0–9 . _ : -). */
const newKey = (): string => crypto.randomUUID();

/**
 * R16: registers one use. The idempotency key and capturedAt are made here, at capture, and travel with the
 * write however often it is sent: at once, or from the offline queue when the network returns.
 */
export function registerUsage(capture: Capture): Promise<QueuedOutcome<RegisterUsageMutation>> {
  const key = newKey();
  const capturedAt = new Date().toISOString();
  const label: QueuedLabel = { cardCode: capture.cardCode.trim().toUpperCase(), childTickets: capture.childTickets, eventName: capture.event.name, eventStartsAt: capture.event.startsAt };
  return mutateOrQueue(
    RegisterUsageDocument,
    { input: { idempotencyKey: key, capturedAt, eventId: capture.event.id, cardCode: capture.cardCode, childTickets: capture.childTickets } },
    { operation: 'registerUsage', key, capturedAt, organizationId: capture.organizationId, label },
  );
}

/** R14: a group visit as the box office captures it: the staff's community card first, then each member's own card. */
export interface GroupCapture {
  organizationId: string;
  event: { id: string; name: string; startsAt: string };
  staffCardCode: string;
  memberCardCodes: readonly string[];
}

/**
 * R14, R16: registers a group visit as one action, all or nothing (GROUP_REFUSED names each refused card). Like a
 * single use, its idempotency key and capturedAt are made at capture and it waits in the offline queue if need be.
 */
export function registerGroupVisit(capture: GroupCapture): Promise<QueuedOutcome<RegisterGroupVisitMutation>> {
  const key = newKey();
  const capturedAt = new Date().toISOString();
  const normal = (code: string) => code.trim().toUpperCase();
  const label: QueuedLabel = {
    cardCode: normal(capture.staffCardCode),
    childTickets: 0,
    eventName: capture.event.name,
    eventStartsAt: capture.event.startsAt,
    members: capture.memberCardCodes.map(normal),
  };
  const input = { idempotencyKey: key, capturedAt, eventId: capture.event.id, staffCardCode: capture.staffCardCode, members: capture.memberCardCodes.map((cardCode) => ({ cardCode })) };
  return mutateOrQueue(RegisterGroupVisitDocument, { input }, { operation: 'registerGroupVisit', key, capturedAt, organizationId: capture.organizationId, label });
}

/** Undoes a use (frees its cap place); not queued: undo needs the registry's answer there and then. */
export function cancelUsage(usageId: string, reason: UsageCancelReason): Promise<Outcome<CancelUsageMutation>> {
  return mutate(CancelUsageDocument, { input: { idempotencyKey: newKey(), usageId, reason } }, { notice: locale.t('usage.undone') });
}

export type UsageCheck = UsageCheckQuery['usageCheck'];

/** R29: whether the card can be used for the event, and its child allowance — by the registration's own rules, nothing written. */
export async function checkUsage(eventId: string, cardCode: string, childTickets: number): Promise<{ check?: UsageCheck; error?: UiError }> {
  const answer = await client.query(UsageCheckDocument, { input: { eventId, cardCode, childTickets } }, { requestPolicy: 'network-only' }).toPromise();
  const error = uiError(answer.error);
  return error ? { error } : answer.data ? { check: answer.data.usageCheck } : { error: uiError(answer.error) };
}
