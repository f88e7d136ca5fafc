import { EventEmitter, on } from 'node:events';
import type { PubSub } from 'type-graphql';

/**
 * In-process publish/subscribe for type-graphql subscriptions. Every process
 * of the statistics subgraph feeds it from the same database events, so
 * replicas stay consistent without a broker (ARCHITECTURE "Growth").
 */
export function createPubSub(): PubSub & { listenerCount(topic: string): number } {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    publish(topic: string, payload: unknown) {
      emitter.emit(topic, payload);
    },
    subscribe(topic: string): AsyncIterable<unknown> {
      const iterator = on(emitter, topic, { close: [] }) as AsyncIterableIterator<unknown[]>;
      return {
        [Symbol.asyncIterator]: () => ({
          next: async () => {
            const result = await iterator.next();
            return result.done ? result : { done: false, value: result.value[0] };
          },
          return: async () => {
            await iterator.return?.();
            return { done: true, value: undefined };
          },
        }),
      };
    },
    listenerCount: (topic: string) => emitter.listenerCount(topic),
  };
}
