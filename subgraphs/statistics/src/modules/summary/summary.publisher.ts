import type { EntityManager } from '@kaikukanta/kit';
import type { PubSub } from 'type-graphql';
import { SummaryService } from './summary.service.js';
import { NationalSummaryType } from './summary.type.js';

/** Topic of `nationalSummaryChanged` for national callers: the exact figures as committed, published by every replica. */
export const NATIONAL_SUMMARY_CHANGED = 'NATIONAL_SUMMARY_CHANGED';
/** Topic for everyone else: the published (rounded) figures, sent only when they change (R27, decision 0012). */
export const NATIONAL_SUMMARY_PUBLISHED_CHANGED = 'NATIONAL_SUMMARY_PUBLISHED_CHANGED';

export interface NationalSummaryPublisher {
  /** Remembers the figures as they are, so the first change after start is told as a change, not a repeat. */
  prime(): Promise<void>;
  /** Reads the committed figures and publishes what changed. */
  publish(): Promise<void>;
}

/**
 * Reads the committed national figures and publishes them to this process's
 * subscribers. Readers call `publish` after each batch that moved their
 * position, whichever replica applied it, so subscribers on any replica hear
 * every change. Exact figures go out when they change (a batch of extensions
 * changes none); published ones only when the rounded figures change, so
 * neither a push nor its moment tells of one registration.
 */
export function nationalSummaryPublisher(em: EntityManager, pubSub: PubSub): NationalSummaryPublisher {
  let lastExact: string | undefined;
  let lastPublished: string | undefined;
  const read = () => new SummaryService(em.fork({ clear: true })).national();
  const figures = (s: NationalSummaryType) => [s.cardsRegistered, s.cardsUsed, s.uses].join('/');
  return {
    async prime() {
      const summary = await read();
      lastExact = `${figures(summary)}/${summary.updatedAt?.getTime()}`;
      lastPublished = figures(NationalSummaryType.published(summary));
    },
    async publish() {
      const summary = await read();
      if (!summary.updatedAt) return;
      const exact = `${figures(summary)}/${summary.updatedAt.getTime()}`;
      if (exact !== lastExact) {
        lastExact = exact;
        pubSub.publish(NATIONAL_SUMMARY_CHANGED, summary);
      }
      const published = NationalSummaryType.published(summary);
      if (figures(published) !== lastPublished) {
        lastPublished = figures(published);
        pubSub.publish(NATIONAL_SUMMARY_PUBLISHED_CHANGED, published);
      }
    },
  };
}
