import { argon2, randomBytes, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { derivations } from './password-gate.js';

const argon2Async = promisify(argon2);

/**
 * Argon2id at the OWASP Password Storage Cheat Sheet's first option
 * (m = 19 MiB, t = 2, p = 1), with Node 24's built-in implementation. Hashes
 * are PHC strings, so parameters travel with each hash and a login can tell
 * when a stored hash is weaker than today's parameters and rehash it.
 */
export const ARGON2_PARAMS = { memory: 19_456, passes: 2, parallelism: 1 } as const;
const TAG_LENGTH = 32;

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

interface Params {
  memory: number;
  passes: number;
  parallelism: number;
}

/** L5: every derivation waits for one of a few slots (password-gate.ts), or is shed as RATE_LIMITED. */
async function derive(password: string, salt: Buffer, params: Params): Promise<Buffer> {
  return derivations.run(() => argon2Async('argon2id', { message: password.normalize('NFC'), nonce: salt, tagLength: TAG_LENGTH, ...params }));
}

export async function hashPassword(password: string, params: Params = ARGON2_PARAMS): Promise<string> {
  const salt = randomBytes(16);
  const hash = await derive(password, salt, params);
  return `$argon2id$v=19$m=${params.memory},t=${params.passes},p=${params.parallelism}$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

function parse(phc: string): { params: Params; salt: Buffer; hash: Buffer } | null {
  const match = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$([A-Za-z0-9_-]+)\$([A-Za-z0-9_-]+)$/.exec(phc);
  if (!match) return null;
  const [, m, t, p, salt, hash] = match as unknown as [string, string, string, string, string, string];
  return { params: { memory: Number(m), passes: Number(t), parallelism: Number(p) }, salt: Buffer.from(salt, 'base64url'), hash: Buffer.from(hash, 'base64url') };
}

export async function verifyPassword(password: string, phc: string): Promise<boolean> {
  const parsed = parse(phc);
  if (!parsed) return false;
  const candidate = await derive(password, parsed.salt, parsed.params);
  return candidate.length === parsed.hash.length && timingSafeEqual(candidate, parsed.hash);
}

/** True when the stored hash was made with other parameters than today's. */
export function needsRehash(phc: string): boolean {
  const parsed = parse(phc);
  return !parsed || Object.entries(ARGON2_PARAMS).some(([key, value]) => parsed.params[key as keyof Params] !== value);
}

/** A hash of a random password: verifying against it takes as long as a real one, so unknown emails cannot be told apart by timing. */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  // A derivation shed under load must not leave a rejected promise here for good.
  return (dummyHash ??= hashPassword(randomBytes(24).toString('base64url')).catch((error: unknown) => {
    dummyHash = undefined;
    throw error;
  }));
}

export type PasswordProblem = 'TOO_SHORT' | 'TOO_LONG' | 'TOO_SIMPLE';

/** Length limits before any hashing (a 1 MB password is refused at once, not hashed). */
export function passwordProblem(password: string, email?: string): PasswordProblem | null {
  const length = [...password.normalize('NFC')].length;
  if (length > PASSWORD_MAX_LENGTH) return 'TOO_LONG';
  if (length < PASSWORD_MIN_LENGTH) return 'TOO_SHORT';
  if (new Set(password).size < 4 || (email && password.toLowerCase().includes(email.split('@')[0]!.toLowerCase()))) return 'TOO_SIMPLE';
  return null;
}
