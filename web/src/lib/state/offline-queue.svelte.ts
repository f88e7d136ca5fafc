import { createStore, del, get, set } from 'idb-keyval';
import type { EventKind } from '../graphql/generated.js';
import { WriteQueue, type QueuedLabel, type QueuedWrite, type QueueStore } from './write-queue.js';

export type { QueuedLabel, QueuedWrite };

/** The box office's context, kept so that the page works after a reload while offline (R16). */
export interface DeskContext {
  organizationId: string;
  providerId: string;
  providerName: string;
  event: { id: string; name: string; kind: EventKind; startsAt: string };
}

const QUEUE_KEY = 'writes.v1';
const DESK_KEY = 'desk.v1';

/** One IndexedDB database of its own, so clearing the queue never touches anything else. */
const idb = typeof indexedDB === 'undefined' ? undefined : createStore('kaikukanta-offline', 'queue');

const store: QueueStore = {
  load: async () => (idb ? ((await get<QueuedWrite[]>(QUEUE_KEY, idb)) ?? []) : []),
  save: async (entries) => {
    if (idb) await set(QUEUE_KEY, [...$state.snapshot(entries)] as QueuedWrite[], idb);
  },
};

/**
 * R16: registrations captured while the registry is out of reach, on this device (IndexedDB) until the server
 * has answered each. The queue is read when the app starts, so a reload or a browser restart while offline
 * loses nothing. services/offline-replay.ts sends it; services/mutate.ts fills it.
 */
class OfflineQueueState {
  entries = $state<readonly QueuedWrite[]>([]);
  /** False until the stored queue has been read. */
  loaded = $state(false);
  /** True while a replay is sending. */
  sending = $state(false);
  /** The browser's own idea of the network (navigator.onLine), kept live by the 'online'/'offline' events. */
  online = $state(typeof navigator === 'undefined' ? true : navigator.onLine);
  desk = $state<DeskContext | null>(null);

  readonly pending = $derived(this.entries.filter((e) => e.status === 'pending'));
  readonly refused = $derived(this.entries.filter((e) => e.status === 'refused'));

  readonly queue = new WriteQueue(store, (entries) => (this.entries = [...entries]));

  constructor() {
    if (typeof window === 'undefined') return;
    window.addEventListener('online', () => (this.online = true));
    window.addEventListener('offline', () => (this.online = false));
    void this.queue.load().then(() => (this.loaded = true));
    if (idb) void get<DeskContext>(DESK_KEY, idb).then((desk) => (this.desk ??= desk ?? null));
  }

  /** Remembers the event the box office works on (for a reload while offline). */
  remember(desk: DeskContext | null): void {
    this.desk = desk;
    if (!idb) return;
    void (desk ? set(DESK_KEY, $state.snapshot(desk), idb) : del(DESK_KEY, idb));
  }

  dismiss(key: string): Promise<void> {
    return this.queue.dismiss(key);
  }
}

export const offlineQueue = new OfflineQueueState();
