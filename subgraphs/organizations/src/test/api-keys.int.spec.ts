import 'reflect-metadata';
import { DEMO, type Identity, type SubgraphApp } from '@kaikukanta/kit';
import type { TestDatabase } from '@kaikukanta/kit/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEFAULT_KEY_LIFETIME_DAYS } from '../modules/api-key/api-key.model.js';
import { authenticate, call, identityOf, startOrganizations } from './support.js';

/** I1 (security review 2026-12): partner keys lapse by default, and carry only the scopes their organisation's kinds need. */

const O = DEMO.organizations;
const DAY_MS = 24 * 60 * 60 * 1000;
const CREATE = 'mutation ($o: ID!, $s: [ApiKeyScope!]!, $e: DateTimeISO) { createApiKey(organizationId: $o, name: "Kassa", scopes: $s, expiresAt: $e) { secret apiKey { scopes expiresAt } } }';

let db: TestDatabase;
let sut: SubgraphApp;
let admin: Identity;

type Created = { createApiKey: { secret: string; apiKey: { scopes: string[]; expiresAt: string | null } } };
const create = (organizationId: string, scopes: string[], expiresAt?: string) => call<Created>(sut.server.url, admin, CREATE, { o: organizationId, s: scopes, e: expiresAt ?? null });

beforeAll(async () => {
  ({ db, sut } = await startOrganizations(inject('pgAdminUrl')));
  admin = await identityOf(sut.server.url, 'admin@kaikukanta.demo', DEMO.password);
}, 60_000);

afterAll(async () => {
  await sut?.close();
  await db?.drop();
});

describe('API keys (I1)', () => {
  it('I1: a key made without an expiry lapses after a year; one made with an expiry keeps it', async () => {
    expect(DEFAULT_KEY_LIFETIME_DAYS).toBe(365);
    const before = Date.now();
    const implicit = await create(O.lippupiste, ['USAGE_WRITE']);
    expect(implicit.errors).toBeUndefined();
    const lapses = new Date(implicit.data?.createApiKey.apiKey.expiresAt as string).getTime();
    expect(lapses).toBeGreaterThanOrEqual(before + 365 * DAY_MS);
    expect(lapses).toBeLessThanOrEqual(Date.now() + 365 * DAY_MS);
    // The key works now; the lapse is enforced at /internal/authenticate (expiresAt <= now refuses).
    expect(await authenticate(sut.server.url, { apiKey: implicit.data?.createApiKey.secret as string })).toMatchObject({ kind: 'apiKey', organizationId: O.lippupiste });

    const chosen = new Date(before + 30 * DAY_MS).toISOString();
    const explicit = await create(O.lippupiste, ['USAGE_WRITE'], chosen);
    expect(explicit.data?.createApiKey.apiKey.expiresAt).toBe(chosen);
  });

  it("I1: scopes follow the organisation's kinds: providers get all three, ticket agents no EVENTS_WRITE, distributors none", async () => {
    const provider = await create(O.tampereTheatre, ['CARD_STATUS_READ', 'USAGE_WRITE', 'EVENTS_WRITE']);
    expect(provider.errors).toBeUndefined();
    expect(provider.data?.createApiKey.apiKey.scopes.sort()).toEqual(['CARD_STATUS_READ', 'EVENTS_WRITE', 'USAGE_WRITE']);

    const agent = await create(O.lippupiste, ['CARD_STATUS_READ', 'USAGE_WRITE']);
    expect(agent.errors).toBeUndefined();
    const agentEvents = await create(O.lippupiste, ['EVENTS_WRITE']);
    expect(agentEvents.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', details: { field: 'scopes', reason: 'SCOPE_NOT_ALLOWED' } });

    for (const scope of ['CARD_STATUS_READ', 'USAGE_WRITE', 'EVENTS_WRITE']) {
      const distributor = await create(O.tampereSocial, [scope]);
      expect(distributor.errors?.[0]?.extensions, scope).toEqual({ code: 'BAD_USER_INPUT', details: { field: 'scopes', reason: 'SCOPE_NOT_ALLOWED' } });
    }
  });
});
