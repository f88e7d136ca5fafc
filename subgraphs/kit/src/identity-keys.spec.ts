import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError } from './env.js';
import {
  DEV_IDENTITY_PRIVATE_KEY,
  DEV_IDENTITY_PUBLIC_KEY,
  parseIdentityPrivateKey,
  parseIdentityPublicKey,
  readIdentityPrivateKey,
  readIdentityPublicKey,
  sameIdentityKey,
} from './identity-keys.js';

const pair = generateKeyPairSync('ed25519');
const jwk = (key: typeof pair.publicKey) => Buffer.from(JSON.stringify(key.export({ format: 'jwk' }))).toString('base64url');
const pem = {
  private: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  public: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
};

describe('identity keys (M1)', () => {
  it('the committed development pair belongs together', () => {
    expect(sameIdentityKey(parseIdentityPrivateKey(DEV_IDENTITY_PRIVATE_KEY), parseIdentityPublicKey(DEV_IDENTITY_PUBLIC_KEY))).toBe(true);
  });

  it.each([
    ['PEM', pem.private, pem.public],
    ['PEM on one line with \\n escapes', pem.private.replace(/\n/g, '\\n'), pem.public.replace(/\n/g, '\\n')],
    ['base64url JWK', jwk(pair.privateKey), jwk(pair.publicKey)],
  ])('reads a key pair given as %s', (_label, privateText, publicText) => {
    const privateKey = parseIdentityPrivateKey(privateText);
    const publicKey = parseIdentityPublicKey(publicText);
    expect([privateKey.type, publicKey.type]).toEqual(['private', 'public']);
    expect(sameIdentityKey(privateKey, pair.publicKey)).toBe(true);
    expect(sameIdentityKey(publicKey, pair.publicKey)).toBe(true);
  });

  it('M1: a private key is refused where the public key belongs, so no subgraph is handed a signing key', () => {
    expect(() => parseIdentityPublicKey(pem.private)).toThrow(/public key, got a private one/);
    expect(() => parseIdentityPublicKey(jwk(pair.privateKey))).toThrow(/public key, got a private one/);
  });

  it('refuses keys of another algorithm and text that is no key, naming the variable', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(() => parseIdentityPublicKey(rsa)).toThrow(/IDENTITY_PUBLIC_KEY must be an Ed25519 public key/);
    expect(() => parseIdentityPrivateKey('a-shared-secret-of-the-old-kind-at-least-32-chars')).toThrow(ConfigError);
    expect(() => parseIdentityPrivateKey('a-shared-secret-of-the-old-kind-at-least-32-chars')).toThrow(/IDENTITY_PRIVATE_KEY/);
  });

  it('M1: both keys are required in production, where the development pair is refused', () => {
    expect(() => readIdentityPrivateKey({}, true)).toThrow(/IDENTITY_PRIVATE_KEY is required in production/);
    expect(() => readIdentityPublicKey({}, true)).toThrow(/IDENTITY_PUBLIC_KEY is required in production/);
    expect(() => readIdentityPrivateKey({ IDENTITY_PRIVATE_KEY: DEV_IDENTITY_PRIVATE_KEY }, true)).toThrow(/development key/);
    expect(() => readIdentityPublicKey({ IDENTITY_PUBLIC_KEY: DEV_IDENTITY_PUBLIC_KEY }, true)).toThrow(/development key/);
    expect(sameIdentityKey(readIdentityPublicKey({ IDENTITY_PUBLIC_KEY: pem.public }, true), pair.publicKey)).toBe(true);
  });

  it('falls back to the development pair outside production', () => {
    expect(sameIdentityKey(readIdentityPrivateKey({}, false), readIdentityPublicKey({}, false))).toBe(true);
  });
});
