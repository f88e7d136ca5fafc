import { addDays, isUuid, notFound, todayInFinland } from '@kaikukanta/kit';
import { requestHash, validKey } from './idempotency.js';
import { registrarOf, scopeProblem } from './registration.access.js';
import { alreadyCancelled, cancellationWindowClosed, idempotencyKeyReused, registrationRefused } from './registration.errors.js';
import { throttle, type WriteScope } from './registration.service.js';
import { appendUsageEvents } from './usage-outbox.js';
import type { Usage } from './usage.entity.js';
import { CANCEL_WINDOW_DAYS, type CancelReason } from './usage.model.js';
import { UsageRepository } from './usage.repository.js';

/**
 * Cancels a use: only the organisation that registered it, only until the end of the event's day plus
 * CANCEL_WINDOW_DAYS (Finnish days), with a reason from a closed list. The use stays as history, marked
 * cancelled; its cap place is given back (R21) and the cancellation appended to the outbox, in one transaction.
 */
export class CancellationService {
  constructor(private readonly scope: WriteScope) {}

  async cancel(key: string, content: { usageId: string; reason: CancelReason }): Promise<{ usage: Usage; replayed: boolean }> {
    const registrar = registrarOf(this.scope.identity);
    const scope = scopeProblem(registrar);
    if (scope) throw registrationRefused([scope], this.scope.locale);
    validKey(key);
    if (!isUuid(content.usageId)) throw notFound();
    await throttle(this.scope.em, registrar);
    const hash = requestHash('CANCEL', content);
    const result = await this.scope.em.fork().transactional(async (tx) => {
      const repo = new UsageRepository(tx);
      if (!(await repo.claimKey({ owner: registrar.keyOwner, key, operation: 'CANCEL', requestHash: hash, usageIds: [content.usageId], groupId: null }))) {
        const stored = await repo.findKey(registrar.keyOwner, key);
        if (!stored || stored.operation !== 'CANCEL' || stored.requestHash !== hash) throw idempotencyKeyReused();
        return { usageId: stored.usageIds[0] as string, replayed: true };
      }
      // Someone else's use answers as an unknown one: no hint of existence.
      const usage = await repo.findOwnForUpdate(content.usageId, registrar);
      if (!usage) throw notFound();
      if (usage.cancelledAt) throw alreadyCancelled();
      if (todayInFinland() > addDays(usage.eventDate, CANCEL_WINDOW_DAYS)) throw cancellationWindowClosed(CANCEL_WINDOW_DAYS);
      usage.cancelledAt = new Date();
      usage.cancelReason = content.reason;
      usage.cancelledByUserId = registrar.userId;
      usage.cancelledByApiKeyId = registrar.apiKeyId;
      if (usage.event) await repo.freePlaces(usage.event.id, 1);
      await appendUsageEvents(tx, 'USAGE_CANCELLED', [usage]);
      return { usageId: usage.id, replayed: false };
    });
    const [usage] = await new UsageRepository(this.scope.em.fork()).findUsages([result.usageId]);
    if (!usage) throw notFound();
    return { usage, replayed: result.replayed };
  }
}
