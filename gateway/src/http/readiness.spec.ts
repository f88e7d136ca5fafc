import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it, vi } from 'vitest';
import { refuseWhileDraining, SHUTTING_DOWN } from './readiness.js';

function response() {
  const headers = new Map<string, string>();
  const res = {
    statusCode: 200,
    headersSent: false,
    body: '',
    setHeader: (name: string, value: string) => headers.set(name.toLowerCase(), value),
    end(body?: string) {
      this.body = body ?? '';
    },
  };
  return { res, headers };
}

describe('refuseWhileDraining (decision 0020)', () => {
  it('passes every request through while the gateway runs', async () => {
    const handler = vi.fn();
    const sut = refuseWhileDraining(handler, () => false);
    const { res } = response();
    await sut({ url: '/graphql' } as IncomingMessage, res as unknown as ServerResponse, { requestId: 'r1', locale: 'fi' });
    expect(handler).toHaveBeenCalledOnce();
  });

  it('answers 503 SHUTTING_DOWN in the caller’s language with Connection: close while it stops; /healthz still passes', async () => {
    const handler = vi.fn();
    const sut = refuseWhileDraining(handler, () => true);
    for (const url of ['/graphql', '/readyz', '/']) {
      const { res, headers } = response();
      await sut({ url } as IncomingMessage, res as unknown as ServerResponse, { requestId: 'r1', locale: 'sv' });
      expect(res.statusCode, url).toBe(503);
      expect(headers.get('connection')).toBe('close');
      expect(headers.get('retry-after')).toBe('1');
      expect(JSON.parse(res.body)).toEqual({ errors: [{ message: 'Tjänsten startas om. Försök igen om en stund.', extensions: { code: SHUTTING_DOWN } }] });
    }
    expect(handler).not.toHaveBeenCalled();
    const { res } = response();
    await sut({ url: '/healthz' } as IncomingMessage, res as unknown as ServerResponse, { requestId: 'r1', locale: 'sv' });
    expect(handler).toHaveBeenCalledOnce();
  });
});
