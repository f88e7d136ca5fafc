import type { KeyObject } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { IDENTITY_TTL_SECONDS, signIdentity, type Identity, type IdentityAudience } from '@kaikukanta/kit/identity';

/**
 * How long a signed token is reused, at most: a third of its life (IDENTITY_TTL_SECONDS, which subgraphs also
 * check as `maxTokenAge`), so a reused token still has ≥ 10 s left for the trip on a loaded machine.
 */
export const IDENTITY_TOKEN_REUSE_MS = 5_000;
/** Distinct (audience, identity, client address) triples kept: a few MiB of short strings at most. */
export const IDENTITY_TOKEN_CACHE_MAX = 10_000;

export interface IdentityTokensOptions {
  privateKey: KeyObject;
  reuseMs?: number;
  max?: number;
  /** The clock, in ms (tests inject one). */
  now?: () => number;
}

interface Entry {
  token: Promise<string>;
  signedAt: number;
}

/**
 * Issue 12: signing an Ed25519 token per subgraph fetch was 11–12 % of the gateway's busy time. The same caller
 * asking the same subgraph from the same address within a few seconds gets the same token (decision 0023): it
 * vouches for exactly the same facts, and its replay window stays the token's own 15 s (M1). The key holds only
 * what the token holds — ids, role, scopes and the client address, never personal data (R9).
 */
export class IdentityTokens {
  readonly #privateKey: KeyObject;
  readonly #reuseMs: number;
  readonly #now: () => number;
  readonly #cache: LRUCache<string, Entry>;
  /** An identity's key text per identity object: the authenticator hands a caller's requests the same object. */
  readonly #texts = new WeakMap<Identity, string>();

  constructor(options: IdentityTokensOptions) {
    this.#privateKey = options.privateKey;
    this.#reuseMs = Math.min(options.reuseMs ?? IDENTITY_TOKEN_REUSE_MS, (IDENTITY_TTL_SECONDS * 1_000) / 3);
    this.#now = options.now ?? Date.now;
    this.#cache = new LRUCache<string, Entry>({ max: options.max ?? IDENTITY_TOKEN_CACHE_MAX });
  }

  /** A token for `identity` at `audience` (and `clientIp`), signed at most `reuseMs` ago. */
  sign(identity: Identity, audience: IdentityAudience, clientIp?: string): Promise<string> {
    const key = `${audience}\n${clientIp ?? ''}\n${this.#serialised(identity)}`;
    const now = this.#now();
    const cached = this.#cache.get(key);
    // `signedAt > now`: a clock set back must not stretch a token's reuse.
    if (cached && now - cached.signedAt < this.#reuseMs && cached.signedAt <= now) return cached.token;
    const token = signIdentity(identity, this.#privateKey, { audience, ...(clientIp ? { clientIp } : {}) });
    const entry: Entry = { token, signedAt: now };
    this.#cache.set(key, entry);
    // A failed signature is not kept: the next request signs again.
    token.catch(() => {
      if (this.#cache.peek(key) === entry) this.#cache.delete(key);
    });
    return token;
  }

  #serialised(identity: Identity): string {
    let text = this.#texts.get(identity);
    if (text === undefined) this.#texts.set(identity, (text = stableJson(identity)));
    return text;
  }
}

/** JSON with object keys in order, so two equal identities built in another key order share one entry. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record)
      .filter((k) => record[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${stableJson(record[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
