import { createPrivateKey, createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { ConfigError, readOptional, type Env } from './env.js';

/**
 * The gateway signs identity tokens with an Ed25519 private key; subgraphs
 * hold only the public key (decision 0011). A key is given as PEM (PKCS#8 for
 * the private, SPKI for the public key; `\n` escapes allowed for one-line
 * variables) or as a base64/base64url-encoded JWK.
 */

/**
 * The committed development pair, used outside production only (like the old
 * development secret). Public by design: production refuses it.
 */
export const DEV_IDENTITY_PRIVATE_KEY = `-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIIkBZ3JQsv7nTBNsa7iWzCHJVJ57+zBuyLetu1ipMjJO
-----END PRIVATE KEY-----
`;
export const DEV_IDENTITY_PUBLIC_KEY = `-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEAwR8zgaZtGgidB45x9Lym7xbcLSw3OmeiZwtmIwnURX0=
-----END PUBLIC KEY-----
`;

/** Parses an Ed25519 private key; throws ConfigError naming `name` on anything else. */
export function parseIdentityPrivateKey(value: string, name = 'IDENTITY_PRIVATE_KEY'): KeyObject {
  return ed25519(name, 'private', () => {
    const jwk = jwkOf(value);
    return jwk ? createPrivateKey({ key: jwk, format: 'jwk' }) : createPrivateKey(pem(value));
  });
}

/** Parses an Ed25519 public key; a private key is refused, so a subgraph is never handed one by mistake. */
export function parseIdentityPublicKey(value: string, name = 'IDENTITY_PUBLIC_KEY'): KeyObject {
  return ed25519(name, 'public', () => {
    const jwk = jwkOf(value);
    if (jwk && 'd' in jwk) throw new ConfigError(`${name} must be a public key, got a private one`);
    if (!jwk && /PRIVATE KEY/.test(value)) throw new ConfigError(`${name} must be a public key, got a private one`);
    return jwk ? createPublicKey({ key: jwk, format: 'jwk' }) : createPublicKey(pem(value));
  });
}

/** Equal public keys (compared by their JWK `x`). */
export function sameIdentityKey(a: KeyObject, b: KeyObject): boolean {
  const x = (key: KeyObject) => (key.type === 'private' ? createPublicKey(key) : key).export({ format: 'jwk' }).x;
  return x(a) === x(b);
}

const devPublicKey = parseIdentityPublicKey(DEV_IDENTITY_PUBLIC_KEY);

/**
 * IDENTITY_PUBLIC_KEY: what every subgraph (and the gateway, to check its pair)
 * verifies with. Required in production, where the development key is refused.
 */
export function readIdentityPublicKey(env: Env, production: boolean): KeyObject {
  const raw = readOptional(env, 'IDENTITY_PUBLIC_KEY');
  if (!raw) {
    if (production) throw new ConfigError('IDENTITY_PUBLIC_KEY is required in production');
    return devPublicKey;
  }
  const key = parseIdentityPublicKey(raw);
  if (production && sameIdentityKey(key, devPublicKey)) throw new ConfigError('IDENTITY_PUBLIC_KEY is the public development key; generate a pair for production');
  return key;
}

/**
 * IDENTITY_PRIVATE_KEY: the gateway's signing key, held by no other service.
 * Required in production, where the development key is refused.
 */
export function readIdentityPrivateKey(env: Env, production: boolean): KeyObject {
  const raw = readOptional(env, 'IDENTITY_PRIVATE_KEY');
  if (!raw) {
    if (production) throw new ConfigError('IDENTITY_PRIVATE_KEY is required in production');
    return parseIdentityPrivateKey(DEV_IDENTITY_PRIVATE_KEY);
  }
  const key = parseIdentityPrivateKey(raw);
  if (production && sameIdentityKey(key, devPublicKey)) throw new ConfigError('IDENTITY_PRIVATE_KEY is the public development key; generate a pair for production');
  return key;
}

function ed25519(name: string, type: 'private' | 'public', parse: () => KeyObject): KeyObject {
  let key: KeyObject;
  try {
    key = parse();
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(`${name} must be an Ed25519 ${type} key as PEM or base64 JWK`);
  }
  if (key.asymmetricKeyType !== 'ed25519' || key.type !== type) throw new ConfigError(`${name} must be an Ed25519 ${type} key, got ${key.asymmetricKeyType ?? 'a secret'} ${key.type} key`);
  return key;
}

function pem(value: string): string {
  return value.replace(/\\n/g, '\n');
}

function jwkOf(value: string): JsonWebKey | undefined {
  if (value.includes('-----BEGIN')) return undefined;
  const text = Buffer.from(value.trim(), 'base64url').toString('utf8');
  try {
    const jwk = JSON.parse(text) as unknown;
    if (typeof jwk === 'object' && jwk !== null && !Array.isArray(jwk)) return jwk as JsonWebKey;
  } catch {
    // neither PEM nor JSON: reported below with the variable's name
  }
  throw new Error('not a JWK');
}
