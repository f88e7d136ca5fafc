import { generateKeyPairSync } from 'node:crypto';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { DEV_IDENTITY_PRIVATE_KEY, DEV_IDENTITY_PUBLIC_KEY, parseIdentityPrivateKey, parseIdentityPublicKey } from './identity-keys.js';
import { audienceClaim, IDENTITY_TTL_SECONDS, identityVerifier, IdentityError, signIdentity, verifyIdentity, verifyIdentityToken, type Identity } from './identity.js';

const gatewayKey = parseIdentityPrivateKey(DEV_IDENTITY_PRIVATE_KEY);
const publicKey = parseIdentityPublicKey(DEV_IDENTITY_PUBLIC_KEY);
const user: Identity = { kind: 'user', userId: 'u1', sessionId: 's1', membership: { id: 'm1', role: 'DISTRIBUTOR', organizationId: 'o1' } };
const now = () => Math.floor(Date.now() / 1000);

/** A token made by hand, for the shapes the gateway never signs. */
function handMade(claims: Record<string, unknown>, alg: 'EdDSA' | 'HS256' = 'EdDSA', key: Parameters<SignJWT['sign']>[0] = gatewayKey): Promise<string> {
  return new SignJWT({ idn: user, iss: 'kaikukanta-gateway', ...claims }).setProtectedHeader({ alg, typ: 'JWT' }).sign(key);
}

describe('gateway identity token', () => {
  it('round-trips the identity the gateway signed, with the client address', async () => {
    const token = await signIdentity(user, gatewayKey, { audience: 'cards', clientIp: '192.0.2.1' });
    expect(await verifyIdentityToken(token, publicKey, 'cards')).toEqual({ identity: user, clientIp: '192.0.2.1' });
  });

  it("decision 0022: a culture officer's municipality travels with the membership, in a few bytes", async () => {
    const officer: Identity = { kind: 'user', userId: 'u2', sessionId: 's2', membership: { id: 'm2', role: 'CULTURE_OFFICER', regionId: 'r1', municipalityCode: '837' } };
    const token = await signIdentity(officer, gatewayKey, { audience: 'usage' });
    expect(await verifyIdentity(token, publicKey, 'usage')).toEqual(officer);
    const plain = await signIdentity({ ...officer, membership: { id: 'm2', role: 'CULTURE_OFFICER', regionId: 'r1' } }, gatewayKey, { audience: 'usage' });
    expect(token.length - plain.length).toBeLessThan(48);
  });

  it('M1: lives no longer than a query plan needs (at most 30 s)', () => {
    expect(IDENTITY_TTL_SECONDS).toBeLessThanOrEqual(30);
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
  ])('refuses a %s token', async (_label, token) => {
    await expect(verifyIdentity(token, publicKey, 'cards')).rejects.toMatchObject({ reason: 'missing' });
  });

  it('M1: a token for audience statistics is refused by cards', async () => {
    const token = await signIdentity(user, gatewayKey, { audience: 'statistics' });
    await expect(verifyIdentity(token, publicKey, 'cards')).rejects.toMatchObject({ reason: 'invalid' });
    expect(await verifyIdentity(token, publicKey, 'statistics')).toEqual(user);
  });

  it("M1: a token for organizations' GraphQL is refused by its /internal/authenticate route, and the other way round", async () => {
    const graphql = await signIdentity(user, gatewayKey, { audience: 'organizations' });
    const internal = await signIdentity(user, gatewayKey, { audience: 'organizations/internal/authenticate' });
    await expect(verifyIdentity(graphql, publicKey, 'organizations/internal/authenticate')).rejects.toMatchObject({ reason: 'invalid' });
    await expect(verifyIdentity(internal, publicKey, 'organizations')).rejects.toMatchObject({ reason: 'invalid' });
  });

  it('M1: a token for several audiences is refused (the gateway signs one per fetch)', async () => {
    const token = await handMade({ aud: [audienceClaim('cards'), audienceClaim('statistics')], iat: now(), exp: now() + 10 });
    await expect(verifyIdentity(token, publicKey, 'cards')).rejects.toMatchObject({ reason: 'invalid' });
  });

  it('M1: the old shared audience is refused', async () => {
    const token = await handMade({ aud: 'kaikukanta-subgraph', iat: now(), exp: now() + 10 });
    await expect(verifyIdentity(token, publicKey, 'cards')).rejects.toMatchObject({ reason: 'invalid' });
  });

  it('M1/I1: a token without exp is refused', async () => {
    const token = await handMade({ aud: audienceClaim('cards'), iat: now() });
    await expect(verifyIdentity(token, publicKey, 'cards')).rejects.toMatchObject({ reason: 'invalid' });
  });

  it('M1: a token whose exp lies far ahead is refused once it is older than the lifetime', async () => {
    const token = await handMade({ aud: audienceClaim('cards'), iat: now() - IDENTITY_TTL_SECONDS - 10, exp: now() + 3600 });
    await expect(verifyIdentity(token, publicKey, 'cards')).rejects.toBeInstanceOf(IdentityError);
  });

  it('M1: an HS256 token signed with the old shared development secret is refused', async () => {
    const secret = new TextEncoder().encode('kaikukanta-development-identity-secret-not-for-production');
    const token = await handMade({ aud: audienceClaim('cards'), iat: now(), exp: now() + 10 }, 'HS256', secret);
    await expect(verifyIdentity(token, publicKey, 'cards')).rejects.toMatchObject({ reason: 'invalid' });
  });

  it('M1: a token signed by any key other than the gateway\'s is refused (e.g. one a compromised subgraph made)', async () => {
    const forged = await signIdentity(user, generateKeyPairSync('ed25519').privateKey, { audience: 'cards' });
    await expect(verifyIdentity(forged, publicKey, 'cards')).rejects.toMatchObject({ reason: 'invalid' });
  });

  it('refuses a token whose payload was altered (e.g. a role raised)', async () => {
    const token = await signIdentity(user, gatewayKey, { audience: 'cards' });
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    claims.idn.membership.role = 'NATIONAL_ADMIN';
    const tampered = [header, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join('.');
    await expect(verifyIdentity(tampered, publicKey, 'cards')).rejects.toBeInstanceOf(IdentityError);
  });

  it('refuses an expired token', async () => {
    const token = await signIdentity(user, gatewayKey, { audience: 'cards', ttlSeconds: -60 });
    await expect(verifyIdentity(token, publicKey, 'cards')).rejects.toMatchObject({ reason: 'expired' });
  });

  it('refuses an unsigned ("alg: none") token', async () => {
    const none = [
      Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url'),
      Buffer.from(JSON.stringify({ idn: user, iss: 'kaikukanta-gateway', aud: audienceClaim('cards'), iat: now(), exp: now() + 10 })).toString('base64url'),
      '',
    ].join('.');
    await expect(verifyIdentity(none, publicKey, 'cards')).rejects.toMatchObject({ reason: 'invalid' });
  });
});

describe('decision 0029: a subgraph verifies each token the gateway reuses once', () => {
  it('the second request with a token gets the claims verified for the first (shared, so frozen)', async () => {
    const verify = identityVerifier(publicKey);
    const token = await signIdentity(user, gatewayKey, { audience: 'cards', clientIp: '192.0.2.1' });
    const first = await verify(token, 'cards');
    expect(first).toEqual({ identity: user, clientIp: '192.0.2.1' });
    expect(await verify(token, 'cards')).toBe(first);
    expect(Object.isFrozen(first.identity) && Object.isFrozen((first.identity as { membership: object }).membership)).toBe(true);
  });

  it('M1: a token verified for cards is still refused by statistics', async () => {
    const verify = identityVerifier(publicKey);
    const token = await signIdentity(user, gatewayKey, { audience: 'cards' });
    await verify(token, 'cards');
    await expect(verify(token, 'statistics')).rejects.toMatchObject({ reason: 'invalid' });
  });

  it('M1: a kept token is refused `expired` when its life ends (15 s and 2 s of skew), as one never seen before is', async () => {
    let clock = Date.now();
    const verify = identityVerifier(publicKey, { now: () => clock });
    const token = await signIdentity(user, gatewayKey, { audience: 'cards' });
    const issuedAt = Math.floor(clock / 1000) * 1000;
    await verify(token, 'cards');
    clock = issuedAt + (IDENTITY_TTL_SECONDS + 2) * 1000 - 5;
    expect((await verify(token, 'cards')).identity).toEqual(user);
    clock = issuedAt + (IDENTITY_TTL_SECONDS + 2) * 1000 + 1;
    await expect(verify(token, 'cards')).rejects.toMatchObject({ reason: 'expired' });
    await expect(identityVerifier(publicKey, { now: () => clock })(token, 'cards')).rejects.toMatchObject({ reason: 'expired' });
  });

  it('keeps at most `max` tokens (a bounded cache): the oldest is verified again', async () => {
    const verify = identityVerifier(publicKey, { max: 2 });
    const tokens = await Promise.all(['cards', 'usage', 'statistics'].map((audience) => signIdentity(user, gatewayKey, { audience: audience as 'cards' })));
    const first = await verify(tokens[0], 'cards');
    await verify(tokens[1], 'usage');
    await verify(tokens[2], 'statistics');
    const again = await verify(tokens[0], 'cards');
    expect(again).toEqual(first);
    expect(again).not.toBe(first);
  });

  it('refuses a missing token and an altered one, and keeps refusing it', async () => {
    const verify = identityVerifier(publicKey);
    await expect(verify(undefined, 'cards')).rejects.toMatchObject({ reason: 'missing' });
    const token = await signIdentity(user, gatewayKey, { audience: 'cards' });
    const forged = `${token.slice(0, -4)}AAAA`;
    for (let i = 0; i < 2; i++) await expect(verify(forged, 'cards')).rejects.toMatchObject({ reason: 'invalid' });
  });
});
