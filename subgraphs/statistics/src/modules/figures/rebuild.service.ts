import { cardsOutboxHead, fetchCardsOutbox, fetchUsageOutbox, READER_POSITION_TABLE, requireActor, type EntityManager, type Identity } from '@kaikukanta/kit';
import { applyCardFigures } from './cards-figures.apply.js';
import { READ_MODEL_TABLES } from './read-model.entity.js';
import { applyUsageFigures } from './usage-figures.apply.js';

const BATCH = 2_000;

export interface RebuildResult {
  cardEvents: number;
  usageEvents: number;
}

/**
 * Rebuilds every read model from the outboxes from the start (a new read model, or a fix to how one is derived),
 * in one transaction that holds both reader positions (`for update`): the readers of every replica wait, then go
 * on from the positions the rebuild replayed up to, so nothing is counted twice or skipped. National admins only
 * (the mutation `rebuildStatistics`); `scripts/` may call `rebuildReadModels` directly.
 */
export async function rebuildReadModels(em: EntityManager): Promise<RebuildResult> {
  return em.fork().transactional(async (tx) => {
    const positions = new Map<string, number>();
    for (const source of ['cards', 'usage']) {
      await tx.execute(`insert into statistics.${READER_POSITION_TABLE} (source, position) values (?, 0) on conflict (source) do nothing`, [source]);
      const [row] = await tx.execute<{ position: string }[]>(`select position from statistics.${READER_POSITION_TABLE} where source = ? for update`, [source]);
      positions.set(source, Number(row?.position ?? 0));
    }
    // Decision 0019: the published figures of every replica are stale from this commit on (same positions, new figures).
    await tx.execute('update statistics.publication_generation set generation = generation + 1 where id = 1');
    // DELETE, not TRUNCATE: the service's role owns nothing (decision 0010), and DELETE is transactional with the replay.
    for (const table of READ_MODEL_TABLES) await tx.execute(`delete from statistics.${table}`);
    let cardEvents = 0;
    const cardsUntil = positions.get('cards') ?? 0;
    if (cardsUntil > 0 && (await cardsOutboxHead(tx)) > 0) {
      for (let after = 0; after < cardsUntil; ) {
        const events = (await fetchCardsOutbox(tx, after, BATCH)).filter((event) => event.id <= cardsUntil);
        if (!events.length) break;
        await applyCardFigures(tx, events);
        cardEvents += events.length;
        after = (events[events.length - 1] as { id: number }).id;
      }
    }
    let usageEvents = 0;
    const usageUntil = positions.get('usage') ?? 0;
    for (let after = 0; after < usageUntil; ) {
      // Whole transactions per batch (decision 0015); everything at or below the position is settled.
      const events = (await fetchUsageOutbox(tx, after, BATCH)).filter((event) => event.xid <= usageUntil);
      if (!events.length) break;
      await applyUsageFigures(tx, events);
      usageEvents += events.length;
      after = (events[events.length - 1] as { xid: number }).xid;
    }
    return { cardEvents, usageEvents };
  });
}

/** The mutation's rule: the national support service only (decision 0013). */
export function requireRebuilder(identity: Identity): void {
  requireActor(identity, { roles: ['NATIONAL_ADMIN'] });
}
