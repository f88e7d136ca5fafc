import type {} from 'vitest';
import { ensureDatabase, dropDatabase, withDatabase } from '../db/admin.js';
import { DEV_IDENTITY_SECRET } from '../config.js';
import { IDENTITY_HEADER, signIdentity, type Identity } from '../identity.js';

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

/** Headers a request through the gateway would carry for `identity`. */
export async function gatewayHeaders(identity: Identity, secret = DEV_IDENTITY_SECRET): Promise<Record<string, string>> {
  return { [IDENTITY_HEADER]: await signIdentity(identity, secret), 'content-type': 'application/json' };
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
  }
}
