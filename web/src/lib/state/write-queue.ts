/**
 * R16: writes captured while the registry cannot be reached, kept on the device until the server has answered
 * them. Pure logic with an injected store and sender, so it is unit-tested without a browser
 * (write-queue.spec.ts); `offline-queue.svelte.ts` is the app's one instance, on IndexedDB.
 *
 * Invariants:
 * - an entry is persisted before `add` resolves (a reload or a closed browser right after loses nothing);
 * - an idempotency key is queued once (adding it again changes nothing), and every replay sends the key and the
 *   `capturedAt` made at capture, so a write the server already took is answered `replayed`, never counted twice;
 * - an entry leaves the queue only when the server answered: accepted (removed) or refused with a code (kept,
 *   shown with its reason until the clerk dismisses it). A network failure keeps it pending for the next try.
 */

/** A coded refusal as the server gave it (rendered with services/errors' catalogue mapping when shown). */
export interface QueuedRefusal {
  code: string;
  field?: string;
  reason?: string;
  serverMessage?: string;
  serverLocale: 'fi' | 'sv' | 'en';
}

/** What the clerk sees of a queued write without the server: enough to recognise it in the list. */
export interface QueuedLabel {
  cardCode: string;
  childTickets: number;
  eventName: string;
  eventStartsAt: string;
  /** R14: a group visit's members' cards (cardCode is then the staff's community card). */
  members?: readonly string[];
}

export interface QueuedWrite {
  /** The idempotency key made at capture (crypto.randomUUID); also the entry's identity. */
  key: string;
  /** Which mutation replays it (services/queued-operations.ts maps the name to the document). */
  operation: 'registerUsage' | 'registerGroupVisit';
  /** The mutation's variables exactly as first sent, key and capturedAt included. */
  variables: Record<string, unknown>;
  /** When the clerk captured it (ISO). */
  capturedAt: string;
  /** The organisation it was captured for: replayed only while the session acts for the same one. */
  organizationId: string;
  label: QueuedLabel;
  status: 'pending' | 'refused';
  refusal?: QueuedRefusal;
  attempts: number;
}

export interface QueueStore {
  load(): Promise<QueuedWrite[]>;
  save(entries: readonly QueuedWrite[]): Promise<void>;
}

export type SendOutcome = { kind: 'accepted' } | { kind: 'refused'; refusal: QueuedRefusal } | { kind: 'network' };

export interface ReplayResult {
  accepted: number;
  refused: number;
  /** True when a send met the network down: the caller tries again later (backoff). */
  interrupted: boolean;
}

export class WriteQueue {
  #entries: QueuedWrite[] = [];
  #loaded: Promise<void> | undefined;
  #replaying: Promise<ReplayResult> | undefined;
  /** Serialises writes to the store, so an older list never overwrites a newer one. */
  #saving: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: QueueStore,
    private readonly onChange: (entries: readonly QueuedWrite[]) => void = () => {},
  ) {}

  get entries(): readonly QueuedWrite[] {
    return this.#entries;
  }

  /** Reads what an earlier page (or browser session) left; idempotent. */
  load(): Promise<void> {
    this.#loaded ??= this.store.load().then(
      (stored) => {
        // Anything added before the stored list arrived stays, after it (dedupe by key).
        const keys = new Set(stored.map((entry) => entry.key));
        this.#set([...stored, ...this.#entries.filter((entry) => !keys.has(entry.key))]);
      },
      () => undefined,
    );
    return this.#loaded;
  }

  /** Queues a write and persists it before resolving; a key already queued is not added twice. */
  async add(entry: Omit<QueuedWrite, 'status' | 'attempts'>): Promise<QueuedWrite> {
    await this.load();
    const existing = this.#entries.find((e) => e.key === entry.key);
    if (existing) return existing;
    const queued: QueuedWrite = { ...entry, status: 'pending', attempts: 0 };
    this.#set([...this.#entries, queued]);
    await this.#persist();
    return queued;
  }

  /** Removes a refused entry the clerk has seen; pending entries are never dropped by hand. */
  async dismiss(key: string): Promise<void> {
    if (!this.#entries.some((e) => e.key === key && e.status === 'refused')) return;
    this.#set(this.#entries.filter((e) => e.key !== key));
    await this.#persist();
  }

  /**
   * Sends the pending entries of `organizationId`, oldest capture first, one at a time (the cap, R21, is taken
   * in capture order). Stops at the first network failure. A replay already running is joined, not doubled.
   */
  replay(organizationId: string, send: (entry: QueuedWrite) => Promise<SendOutcome>): Promise<ReplayResult> {
    this.#replaying ??= this.#replay(organizationId, send).finally(() => (this.#replaying = undefined));
    return this.#replaying;
  }

  async #replay(organizationId: string, send: (entry: QueuedWrite) => Promise<SendOutcome>): Promise<ReplayResult> {
    await this.load();
    const result: ReplayResult = { accepted: 0, refused: 0, interrupted: false };
    const due = this.#entries.filter((e) => e.status === 'pending' && e.organizationId === organizationId).sort((a, b) => a.capturedAt.localeCompare(b.capturedAt));
    for (const entry of due) {
      let outcome: SendOutcome;
      try {
        outcome = await send(entry);
      } catch {
        outcome = { kind: 'network' };
      }
      if (outcome.kind === 'network') {
        this.#update(entry.key, (e) => ({ ...e, attempts: e.attempts + 1 }));
        await this.#persist();
        result.interrupted = true;
        return result;
      }
      if (outcome.kind === 'accepted') {
        this.#set(this.#entries.filter((e) => e.key !== entry.key));
        result.accepted += 1;
      } else {
        this.#update(entry.key, (e) => ({ ...e, status: 'refused', refusal: outcome.refusal, attempts: e.attempts + 1 }));
        result.refused += 1;
      }
      await this.#persist();
    }
    return result;
  }

  #update(key: string, change: (entry: QueuedWrite) => QueuedWrite): void {
    this.#set(this.#entries.map((e) => (e.key === key ? change(e) : e)));
  }

  #set(entries: QueuedWrite[]): void {
    this.#entries = entries;
    this.onChange(entries);
  }

  #persist(): Promise<void> {
    const snapshot = this.#entries;
    this.#saving = this.#saving.then(() => this.store.save(snapshot)).catch(() => undefined);
    return this.#saving;
  }
}
