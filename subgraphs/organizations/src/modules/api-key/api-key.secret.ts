import { randomBytes } from 'node:crypto';

/**
 * Key format `kk_<prefix>_<secret>`: the prefix (8 characters) is shown in the
 * UI and stored in clear to find the key; the whole key is stored only as its
 * SHA-256. The secret is 256 random bits.
 */
const FORMAT = /^kk_([a-z0-9]{8})_([A-Za-z0-9_-]{43})$/;

export function generateApiKey(): { key: string; prefix: string } {
  const prefix = randomBytes(6).toString('base64url').toLowerCase().replace(/[^a-z0-9]/g, '0').slice(0, 8);
  return { key: `kk_${prefix}_${randomBytes(32).toString('base64url')}`, prefix };
}

export function parseApiKey(raw: string): { prefix: string } | null {
  const match = FORMAT.exec(raw.trim());
  return match ? { prefix: match[1] as string } : null;
}
