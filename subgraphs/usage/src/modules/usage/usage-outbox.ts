import { appendAllToOutbox, selectCardIdsByCodes, USAGE_OUTBOX, type EntityManager, type UsageOutboxEventType } from '@kaikukanta/kit';
import { UsageOutboxEntity } from './usage-outbox.entity.js';
import type { Usage } from './usage.entity.js';

/**
 * Appends cancellations (or registrations) to `usage.outbox` in the caller's transaction (contract:
 * kit/src/contracts/usage-outbox.ts). No lock: the row's `xid` default orders it for readers (decision 0015).
 * Registrations write theirs with the uses, in one statement (`UsageRepository.insertUses`).
 */
export async function appendUsageEvents(em: EntityManager, type: UsageOutboxEventType, usages: readonly Usage[]): Promise<void> {
  // The card's id, not its code, goes to statistics (distinct cards used, R25).
  const codes = [...new Set(usages.map((usage) => usage.cardCode))];
  const ids = new Map<string, string>();
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
