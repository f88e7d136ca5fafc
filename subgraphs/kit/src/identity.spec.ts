import { describe, expect, it } from 'vitest';
import { IdentityError, signIdentity, verifyIdentity, type Identity } from './identity.js';

const secret = 'a-test-secret-that-is-at-least-thirty-two-chars';
const user: Identity = { kind: 'user', userId: 'u1', sessionId: 's1', membership: { id: 'm1', role: 'DISTRIBUTOR', organizationId: 'o1' } };

describe('gateway identity token', () => {
  it('round-trips the identity the gateway signed', async () => {
    expect(await verifyIdentity(await signIdentity(user, secret), secret)).toEqual(user);
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
  ])('refuses a %s token', async (_label, token) => {
    await expect(verifyIdentity(token, secret)).rejects.toMatchObject({ reason: 'missing' });
  });

  it('refuses a token signed with another secret', async () => {
    const forged = await signIdentity(user, 'another-secret-that-is-at-least-thirty-two-chars');
    await expect(verifyIdentity(forged, secret)).rejects.toMatchObject({ reason: 'invalid' });
  });

  it('refuses a token whose payload was altered (e.g. a role raised)', async () => {
    const token = await signIdentity(user, secret);
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    claims.idn.membership.role = 'NATIONAL_ADMIN';
    const tampered = [header, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join('.');
    await expect(verifyIdentity(tampered, secret)).rejects.toBeInstanceOf(IdentityError);
  });

  it('refuses an expired token', async () => {
    await expect(verifyIdentity(await signIdentity(user, secret, -60), secret)).rejects.toMatchObject({ reason: 'expired' });
  });

  it('refuses an unsigned ("alg: none") token', async () => {
    const none = [
      Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url'),
      Buffer.from(JSON.stringify({ idn: user, iss: 'kaikukanta-gateway', aud: 'kaikukanta-subgraph', exp: Math.floor(Date.now() / 1000) + 60 })).toString('base64url'),
      '',
    ].join('.');
    await expect(verifyIdentity(none, secret)).rejects.toMatchObject({ reason: 'invalid' });
  });
});
