import type { TypedDocumentNode } from '@urql/core';
import { offlineQueue, type QueuedWrite } from '../state/offline-queue.svelte.js';
import { session } from '../state/session.svelte.js';
import type { SendOutcome } from '../state/write-queue.js';
import { mutate, refusalOf } from './mutate.js';
import { QUEUED_OPERATIONS } from './queued-operations.js';

/** Codes that are no verdict on the write itself: it stays queued and is tried again (session lapsed, overload). */
const TRANSIENT = new Set(['NETWORK', 'UNAUTHENTICATED', 'RATE_LIMITED', 'INTERNAL_SERVER_ERROR']);
const FIRST_DELAY_MS = 2_000;
const MAX_DELAY_MS = 60_000;

let started = false;
let delay = FIRST_DELAY_MS;
let timer: ReturnType<typeof setTimeout> | undefined;

/** One queued write, sent through the one mutation layer with the variables (key, capturedAt) made at capture. */
async function send(entry: QueuedWrite): Promise<SendOutcome> {
  // The stored variables were made for this very document at capture; the answer's shape does not matter here.
  const document = QUEUED_OPERATIONS[entry.operation] as TypedDocumentNode<unknown, Record<string, unknown>>;
  const outcome = await mutate(document, entry.variables);
  if (!outcome.error) return { kind: 'accepted' };
  if (TRANSIENT.has(outcome.error.code)) return { kind: 'network' };
  return { kind: 'refused', refusal: refusalOf(outcome.error) };
}

function schedule(): void {
  clearTimeout(timer);
  timer = setTimeout(() => void replayNow(), delay);
  delay = Math.min(delay * 2, MAX_DELAY_MS);
}

/**
 * R16: sends what waits in the queue now. After a reload while offline the session is not known yet: it is asked
 * first. Any interruption retries with backoff (2 s doubling to a minute); the 'online' event retries at once.
 */
export async function replayNow(): Promise<void> {
  clearTimeout(timer);
  await offlineQueue.queue.load();
  if (!offlineQueue.pending.length) return;
  if (!navigator.onLine) return; // the 'online' event brings us back
  if (!session.me) await session.refresh();
  // A culture officer acts for their region (decision 0014): the region owns the keys its queue was captured under.
  const organizationId = session.active?.organization?.id ?? session.active?.region?.id;
  if (!organizationId) {
    if (!session.me && !session.loaded) schedule();
    return;
  }
  offlineQueue.sending = true;
  try {
    const result = await offlineQueue.queue.replay(organizationId, send);
    if (result.interrupted) schedule();
    else delay = FIRST_DELAY_MS;
  } finally {
    offlineQueue.sending = false;
  }
}

/** Starts the replays once per page: on start (what an earlier page left) and whenever the browser is back online. */
export function startOfflineReplay(): void {
  if (started || typeof window === 'undefined') return;
  started = true;
  window.addEventListener('online', () => {
    delay = FIRST_DELAY_MS;
    void replayNow();
  });
  void replayNow();
}
