import { describe, expect, it } from 'vitest';
import { sessionAnswer, sessionRetryDelay } from './session-answer.js';

const me = { user: { id: 'u1' } };

describe('the session answer (who is signed in)', () => {
  it('a person, or signed out (me: null), only from an answer that says so', () => {
    expect(sessionAnswer({ data: { me } })).toEqual({ me });
    expect(sessionAnswer({ data: { me: null } })).toEqual({ me: null });
  });

  it('no network, or an error in place of me (503 SUBGRAPH_UNAVAILABLE, a timeout), decides nothing: asked again, not "signed out"', () => {
    expect(sessionAnswer({ error: new Error('fetch failed') })).toBeUndefined();
    expect(sessionAnswer({ data: null, error: { graphQLErrors: [{ extensions: { code: 'SUBGRAPH_UNAVAILABLE' } }] } })).toBeUndefined();
    expect(sessionAnswer({ data: { me: null }, error: { graphQLErrors: [{ extensions: { code: 'SUBGRAPH_UNAVAILABLE' } }] } })).toBeUndefined();
    expect(sessionAnswer({ data: {} })).toBeUndefined();
  });

  it('asks again after 1 s, doubling to at most 30 s', () => {
    expect([1, 2, 3, 5, 6, 20].map(sessionRetryDelay)).toEqual([1_000, 2_000, 4_000, 16_000, 30_000, 30_000]);
  });
});
