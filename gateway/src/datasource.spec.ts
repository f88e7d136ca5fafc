import { describe, expect, it, vi } from 'vitest';
import type { SubgraphName } from '@kaikukanta/kit/config';
import { IDENTITY_HEADER, SESSION_CHANGED_HEADER, SESSION_TOKEN_HEADER, verifyIdentityToken, type Identity } from '@kaikukanta/kit/identity';
import { DEV_IDENTITY_PRIVATE_KEY, DEV_IDENTITY_PUBLIC_KEY, parseIdentityPrivateKey, parseIdentityPublicKey } from '@kaikukanta/kit/identity-keys';
import type { Logger } from '@kaikukanta/kit/logger';
import type { GatewayContext } from './context.js';
import { IdentityDataSource } from './datasource.js';

const privateKey = parseIdentityPrivateKey(DEV_IDENTITY_PRIVATE_KEY);
const publicKey = parseIdentityPublicKey(DEV_IDENTITY_PUBLIC_KEY);
const user: Identity = { kind: 'user', userId: 'u1', sessionId: 's1', membership: { id: 'm1', role: 'NATIONAL_ADMIN' } };

function dataSource(subgraph: SubgraphName) {
  const logger = { warn: vi.fn() };
  const sut = new IdentityDataSource({ url: `http://${subgraph}.invalid/graphql` }, { subgraph, privateKey, logger: logger as unknown as Logger });
  return { sut, logger };
}

function context(): GatewayContext {
  return { identity: user, requestId: 'r1', locale: 'fi', clientIp: '192.0.2.7', session: {} };
}

/** The organizations-style answer to a login: a new session token and a changed session. */
function loginResponse() {
  return { http: { headers: new Headers({ [SESSION_TOKEN_HEADER]: 'attacker-chosen-session', [SESSION_CHANGED_HEADER]: 'revoked' }) } };
}

type ResponseArgs = Parameters<IdentityDataSource['didReceiveResponse']>[0];
type RequestArgs = Parameters<IdentityDataSource['willSendRequest']>[0];

describe('IdentityDataSource', () => {
  it('M1: signs each fetch for the one subgraph it calls, with the caller and the client address', async () => {
    const { sut } = dataSource('cards');
    const headers = new Headers();
    await sut.willSendRequest({ request: { http: { headers } }, context: context() } as unknown as RequestArgs);
    const token = headers.get(IDENTITY_HEADER);
    expect(await verifyIdentityToken(token, publicKey, 'cards')).toEqual({ identity: user, clientIp: '192.0.2.7' });
    await expect(verifyIdentityToken(token, publicKey, 'statistics')).rejects.toMatchObject({ reason: 'invalid' });
    await expect(verifyIdentityToken(token, publicKey, 'organizations')).rejects.toMatchObject({ reason: 'invalid' });
  });

  it('M1: ignores (and logs) a session instruction from a subgraph other than organizations', () => {
    for (const subgraph of ['cards', 'usage', 'statistics'] as const) {
      const { sut, logger } = dataSource(subgraph);
      const ctx = context();
      sut.didReceiveResponse({ response: loginResponse(), context: ctx } as unknown as ResponseArgs);
      expect(ctx.session, subgraph).toEqual({});
      expect(logger.warn, subgraph).toHaveBeenCalledWith(expect.objectContaining({ subgraph, requestId: 'r1' }), expect.stringContaining('ignored'));
    }
  });

  it("M1: honours the organizations subgraph's session instruction", () => {
    const { sut, logger } = dataSource('organizations');
    const ctx = context();
    sut.didReceiveResponse({ response: loginResponse(), context: ctx } as unknown as ResponseArgs);
    expect(ctx.session).toEqual({ set: 'attacker-chosen-session', changed: 'revoked' });
    expect(logger.warn).not.toHaveBeenCalled();
  });
});

describe('IdentityDataSource: a subgraph unavailable (decision 0020)', () => {
  type ErrorArgs = Parameters<IdentityDataSource['didEncounterError']>;

  it('turns a refused connection or its own timeout into SUBGRAPH_UNAVAILABLE and logs which subgraph', () => {
    const { sut, logger } = dataSource('cards');
    for (const error of [new TypeError('fetch failed'), new DOMException('The operation was aborted due to timeout', 'TimeoutError')]) {
      expect(() => sut.didEncounterError(error as Error, ...([undefined, undefined, context()] as unknown as [ErrorArgs[1], ErrorArgs[2], ErrorArgs[3]]))).toThrow(
        expect.objectContaining({ code: 'SUBGRAPH_UNAVAILABLE' }),
      );
    }
    expect(logger.warn).toHaveBeenCalledWith(expect.objectContaining({ subgraph: 'cards', requestId: 'r1', reason: 'unreachable' }), expect.any(String));
    expect(logger.warn).toHaveBeenCalledWith(expect.objectContaining({ reason: 'timeout' }), expect.any(String));
  });

  it("rethrows the subgraph's own failures unchanged (a 500 stays an internal error)", () => {
    const { sut, logger } = dataSource('cards');
    const error = new Error('500: Internal Server Error');
    expect(() => sut.didEncounterError(error, ...([undefined, { status: 500 }, context()] as unknown as [ErrorArgs[1], ErrorArgs[2], ErrorArgs[3]]))).toThrow(error);
    expect(logger.warn).not.toHaveBeenCalled();
  });
});
