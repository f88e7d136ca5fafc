import { describe, expect, it } from 'vitest';
import { loadEmbeddedPostgres } from './embedded.js';

describe('embedded PostgreSQL loader', () => {
  it('leaves no process-wide exit hooks behind: a failing test run must not exit with 0, and Ctrl-C stays ours', async () => {
    const events = ['exit', 'beforeExit', 'SIGINT', 'SIGTERM', 'SIGHUP'] as const;
    const before = events.map((event) => process.listenerCount(event));
    const EmbeddedPostgres = await loadEmbeddedPostgres();
    expect(typeof EmbeddedPostgres).toBe('function');
    expect(events.map((event) => process.listenerCount(event))).toEqual(before);
  });
});
