import { describe, expect, it } from 'vitest';
import { WriteQueue, type QueuedWrite, type QueueStore, type SendOutcome } from './write-queue.js';

/** An in-memory IndexedDB stand-in that survives a "reload" (a new WriteQueue on the same store). */
class MemoryStore implements QueueStore {
  saved: QueuedWrite[] = [];
  saves = 0;
  load = async () => structuredClone(this.saved);
  save = async (entries: readonly QueuedWrite[]) => {
    this.saves += 1;
    this.saved = structuredClone([...entries]);
  };
}

const ORG = 'org-1';
const entry = (key: string, capturedAt = `2026-12-02T10:00:0${key.slice(-1)}Z`) => ({
  key,
  operation: 'registerUsage' as const,
  variables: { input: { idempotencyKey: key, capturedAt, cardCode: `AM9900100${key.slice(-1)}`, childTickets: 0, eventId: 'e' } },
  capturedAt,
  organizationId: ORG,
  label: { cardCode: `AM9900100${key.slice(-1)}`, childTickets: 0, eventName: 'Hamlet', eventStartsAt: '2026-12-02T17:00:00Z' },
});

describe('WriteQueue (R16: offline registrations are neither lost nor double-counted)', () => {
  it('R16: persists an entry before add resolves, and a new queue on the same store (a reload) finds it', async () => {
    const store = new MemoryStore();
    const sut = new WriteQueue(store);
    await sut.add(entry('key-0001'));
    expect(store.saved.map((e) => e.key)).toEqual(['key-0001']);

    const reloaded = new WriteQueue(store);
    await reloaded.load();
    expect(reloaded.entries).toMatchObject([{ key: 'key-0001', status: 'pending', attempts: 0 }]);
  });

  it('R16: dedupes by idempotency key — the same capture queued twice is one entry', async () => {
    const sut = new WriteQueue(new MemoryStore());
    await sut.add(entry('key-0001'));
    await sut.add(entry('key-0001'));
    expect(sut.entries).toHaveLength(1);
  });

  it('R16: replays in capture order with the key and capturedAt made at capture', async () => {
    const sut = new WriteQueue(new MemoryStore());
    await sut.add(entry('key-0002', '2026-12-02T10:00:02Z'));
    await sut.add(entry('key-0001', '2026-12-02T10:00:01Z'));
    const sent: unknown[] = [];
    await sut.replay(ORG, async (e) => {
      sent.push(e.variables);
      return { kind: 'accepted' };
    });
    expect(sent).toEqual([entry('key-0001', '2026-12-02T10:00:01Z').variables, entry('key-0002', '2026-12-02T10:00:02Z').variables]);
    expect(sut.entries).toEqual([]);
  });

  it('R16: removes an entry only when the server answered — a network failure keeps it and every later one pending', async () => {
    const store = new MemoryStore();
    const sut = new WriteQueue(store);
    await sut.add(entry('key-0001'));
    await sut.add(entry('key-0002'));
    const answers: SendOutcome[] = [{ kind: 'accepted' }, { kind: 'network' }];
    const result = await sut.replay(ORG, async () => answers.shift() ?? { kind: 'accepted' });
    expect(result).toEqual({ accepted: 1, refused: 0, interrupted: true });
    expect(store.saved).toMatchObject([{ key: 'key-0002', status: 'pending', attempts: 1 }]);
  });

  it('R16: a thrown send (fetch failed) counts as the network, not as an answer', async () => {
    const sut = new WriteQueue(new MemoryStore());
    await sut.add(entry('key-0001'));
    const result = await sut.replay(ORG, async () => {
      throw new TypeError('Failed to fetch');
    });
    expect(result.interrupted).toBe(true);
    expect(sut.entries).toMatchObject([{ key: 'key-0001', status: 'pending' }]);
  });

  it('R16: a refusal on replay stays with its code until dismissed, and is not sent again', async () => {
    const store = new MemoryStore();
    const sut = new WriteQueue(store);
    await sut.add(entry('key-0001'));
    await sut.replay(ORG, async () => ({ kind: 'refused', refusal: { code: 'CARD_ENDED', field: 'cardCode', serverLocale: 'fi' } }));
    expect(store.saved).toMatchObject([{ key: 'key-0001', status: 'refused', refusal: { code: 'CARD_ENDED' } }]);

    let sends = 0;
    await sut.replay(ORG, async () => ((sends += 1), { kind: 'accepted' }));
    expect(sends).toBe(0);

    await sut.dismiss('key-0001');
    expect(store.saved).toEqual([]);
  });

  it('pending entries cannot be dismissed (only an answer removes them)', async () => {
    const sut = new WriteQueue(new MemoryStore());
    await sut.add(entry('key-0001'));
    await sut.dismiss('key-0001');
    expect(sut.entries).toHaveLength(1);
  });

  it('R16: concurrent replays (the online event and a retry timer at once) send each entry once', async () => {
    const sut = new WriteQueue(new MemoryStore());
    await sut.add(entry('key-0001'));
    await sut.add(entry('key-0002'));
    const sent: string[] = [];
    const send = async (e: QueuedWrite): Promise<SendOutcome> => {
      sent.push(e.key);
      await new Promise((resolve) => setTimeout(resolve, 5));
      return { kind: 'accepted' };
    };
    await Promise.all([sut.replay(ORG, send), sut.replay(ORG, send)]);
    expect(sent).toEqual(['key-0001', 'key-0002']);
  });

  it('replays only the entries of the organisation the session acts for', async () => {
    const sut = new WriteQueue(new MemoryStore());
    await sut.add({ ...entry('key-0001'), organizationId: 'other-org' });
    await sut.add(entry('key-0002'));
    const sent: string[] = [];
    await sut.replay(ORG, async (e) => (sent.push(e.key), { kind: 'accepted' }));
    expect(sent).toEqual(['key-0002']);
    expect(sut.entries.map((e) => e.key)).toEqual(['key-0001']);
  });

  it('an entry added before the stored list was read is kept after the stored ones', async () => {
    const store = new MemoryStore();
    store.saved = [{ ...entry('key-0001'), status: 'pending', attempts: 0 }];
    const sut = new WriteQueue(store);
    await sut.add(entry('key-0002'));
    expect(sut.entries.map((e) => e.key)).toEqual(['key-0001', 'key-0002']);
  });
});
