import { expect } from 'vitest';
import { ensureDatabase, dropDatabase, withDatabase } from '../db/admin.js';
import type { SubgraphName } from '../config.js';
import { DEV_IDENTITY_PRIVATE_KEY, parseIdentityPrivateKey } from '../identity-keys.js';
import { IDENTITY_HEADER, signIdentity, type Identity, type IdentityAudience, type IdentityClaims } from '../identity.js';

export * from './organizations-views.js';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A fresh, empty database on the test server, for one test file. */
export async function createTestDatabase(adminUrl: string, prefix = 'kk_test'): Promise<TestDatabase> {
  const name = `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  await ensureDatabase(adminUrl, name);
  return { url: withDatabase(adminUrl, name), drop: () => dropDatabase(adminUrl, name) };
}

/** The development signing key: what the gateway holds outside production, so tests can vouch like the gateway. */
export const devIdentityPrivateKey = parseIdentityPrivateKey(DEV_IDENTITY_PRIVATE_KEY);

/**
 * A token the gateway would send `audience` for `identity` (M1: one audience
 * per token). Without an audience it is for the subgraph whose test calls it,
 * read from the test file's path (`subgraphs/<name>/…`); a test that calls
 * another subgraph, or runs outside a subgraph folder, names it.
 */
export async function gatewayToken(identity: Identity, audience?: IdentityAudience, claims: IdentityClaims = {}): Promise<string> {
  return signIdentity(identity, devIdentityPrivateKey, { audience: audience ?? callingSubgraph(), ...claims });
}

/** Headers a request through the gateway would carry for `identity`, signed for `audience` (default: see `gatewayToken`). */
export async function gatewayHeaders(identity: Identity, audience?: IdentityAudience): Promise<Record<string, string>> {
  return { [IDENTITY_HEADER]: await gatewayToken(identity, audience), 'content-type': 'application/json' };
}

const SUBGRAPH_TEST_PATH = /[\\/]subgraphs[\\/](organizations|cards|usage|statistics)[\\/]/;

function callingSubgraph(): SubgraphName {
  let testPath: string | undefined;
  try {
    testPath = expect.getState().testPath;
  } catch {
    // outside a vitest worker (e.g. bench/): no test file to go by
  }
  const name = testPath ? SUBGRAPH_TEST_PATH.exec(testPath)?.[1] : undefined;
  if (!name) throw new Error(`gatewayHeaders: pass the audience (the subgraph called); it cannot be read from ${testPath ?? 'outside a test'}`);
  return name as SubgraphName;
}

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

/** POSTs one GraphQL operation and returns status and body. */
export async function postGraphQL<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = { 'content-type': 'application/json' },
): Promise<GraphQLResponse<T>> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
  const body = (await res.json()) as Omit<GraphQLResponse<T>, 'status'>;
  return { status: res.status, ...body };
}

/** Config overrides that let a test run a subgraph on a free port against its own database. */
export function testConfigEnv(databaseUrl: string): Record<string, string> {
  return { DATABASE_URL: databaseUrl, HOST: '127.0.0.1', LOG_LEVEL: 'silent' };
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** Maintenance-database URL of the test PostgreSQL server (set by the global setup); each test file creates its own database there. */
    pgAdminUrl: string;
    /** Name prefix of the run's seeded demo template databases (e2e/demo-template.ts). */
    e2eTemplatePrefix: string;
  }
}
