import { appendAllToOutbox, selectCardIdsByCodes, USAGE_OUTBOX, type EntityManager, type UsageOutboxEventType } from '@kaikukanta/kit';
import { UsageOutboxEntity } from './usage-outbox.entity.js';
import type { Usage } from './usage.entity.js';

/**
 * Appends registrations or cancellations to `usage.outbox` in the caller's transaction (contract:
 * kit/src/contracts/usage-outbox.ts). No lock: the row's `xid` default orders it for readers (decision 0015).
 */
export async function appendUsageEvents(em: EntityManager, type: UsageOutboxEventType, usages: readonly Usage[], cardIds: ReadonlyMap<string, string> = new Map()): Promise<void> {
  // The card's id, not its code, goes to statistics (distinct cards used, R25). A registration passes the ids its
  // rules read with the card's status (one read of cards.card_status per card per transaction); others look them up here.
  const codes = [...new Set(usages.map((usage) => usage.cardCode))].filter((code) => !cardIds.has(code));
  const ids = new Map<string, string>(cardIds);
  if (codes.length) {
    const rows = await em.execute<{ code: string; card_id: string }[]>(selectCardIdsByCodes(codes.length), codes);
    for (const row of rows) ids.set(row.code, row.card_id);
  }
  return appendAllToOutbox(
    em,
    { entity: UsageOutboxEntity, channel: USAGE_OUTBOX.channel },
    usages.map((usage) => ({
      type,
      usageId: usage.id,
      eventId: usage.event?.id ?? null,
      providerId: usage.providerId,
      registeringOrganizationId: usage.registeringOrganizationId ?? null,
      registeringRegionId: usage.registeringRegionId ?? null,
      eventDate: usage.eventDate,
      eventKind: usage.eventKind,
      cardKind: usage.cardKind,
      childTickets: usage.childTickets,
      groupId: usage.groupId ?? null,
      cardId: ids.get(usage.cardCode) ?? null,
    })),
    type,
  );
}
