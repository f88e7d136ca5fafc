import { describe, expect, it } from 'vitest';
import { AppError } from '@kaikukanta/kit/errors';
import { subgraphUnavailable, SUBGRAPH_UNAVAILABLE, unavailableReason } from './subgraph-unavailable.js';

describe('subgraph unavailable (decision 0020)', () => {
  it('counts a fetch timeout, a refused or lost connection and a proxy’s 502–504 as the subgraph being unavailable', () => {
    expect(unavailableReason(new DOMException('The operation was aborted due to timeout', 'TimeoutError'), undefined)).toBe('timeout');
    expect(unavailableReason(new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) }), undefined)).toBe('unreachable');
    for (const status of [502, 503, 504]) expect(unavailableReason(new Error(`${status}: Bad Gateway`), { status })).toBe('proxy');
  });

  it('leaves the subgraph’s own answers alone: a 500, a 401, a malformed body stay what they are', () => {
    expect(unavailableReason(new Error('500: Internal Server Error'), { status: 500 })).toBeUndefined();
    expect(unavailableReason(new Error('401: Unauthorized'), { status: 401 })).toBeUndefined();
    expect(unavailableReason(new Error('Expected JSON response body'), undefined)).toBeUndefined();
  });

  it('says so with a stable code and a message in each language, naming no subgraph', () => {
    const sut = subgraphUnavailable();
    expect(sut).toBeInstanceOf(AppError);
    for (const locale of ['fi', 'sv', 'en'] as const) {
      const error = sut.toGraphQLError(locale);
      expect(error.extensions).toEqual({ code: SUBGRAPH_UNAVAILABLE });
      expect(error.message).not.toMatch(/cards|usage|statistics|organizations/i);
    }
    expect(new Set(['fi', 'sv', 'en'].map((l) => sut.toGraphQLError(l as 'fi').message)).size).toBe(3);
  });
});
