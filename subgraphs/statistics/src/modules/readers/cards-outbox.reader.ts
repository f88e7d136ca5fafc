import { CARDS_OUTBOX, cardsOutboxHead, fetchCardsOutbox, startOutboxReader, type CardsOutboxEvent, type EntityManager, type Logger, type MikroORM, type OutboxReaderHandle } from '@kaikukanta/kit';
import type { PubSub } from 'type-graphql';
import { applyCardFigures } from '../figures/cards-figures.apply.js';
import { NationalCounterRepository } from '../summary/national-counter.repository.js';
import { nationalSummaryPublisher, type NationalSummaryPublisher } from '../summary/summary.publisher.js';

/**
 * What the cards events change in this subgraph's read models, in the
 * transaction that moves the reader's position: the national count of
 * registered cards (R24, R25) and the card read models (figures/).
 * Contract: kit/src/contracts/cards-outbox.ts.
 */
export async function applyCardsEvents(em: EntityManager, events: CardsOutboxEvent[]): Promise<void> {
  const registered = events.filter((event) => event.type === 'REGISTERED').length;
  if (registered > 0) await new NationalCounterRepository(em).addRegistered(registered);
  await applyCardFigures(em, events);
}

export interface CardsReaderOptions {
  pubSub: PubSub;
  pollIntervalMs: number;
  /** One publisher shared by every reader of the app (primed by the caller), so one change is pushed once. */
  publisher?: NationalSummaryPublisher;
}

/** Starts reading `cards.outbox`; resolves with the stop function (and its readiness check). */
export async function startCardsOutboxReader(orm: MikroORM, logger: Logger, options: CardsReaderOptions): Promise<OutboxReaderHandle> {
  let publisher = options.publisher;
  if (!publisher) {
    publisher = nationalSummaryPublisher(orm.em, options.pubSub);
    await publisher.prime();
  }
  const { publish } = publisher;
  return startOutboxReader<CardsOutboxEvent>({
    orm,
    logger,
    source: 'cards',
    channel: CARDS_OUTBOX.channel,
    fetch: fetchCardsOutbox,
    head: cardsOutboxHead,
    apply: applyCardsEvents,
    onAdvance: () => publish(),
    pollIntervalMs: options.pollIntervalMs,
  });
}
