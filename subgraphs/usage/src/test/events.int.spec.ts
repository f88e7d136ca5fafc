import 'reflect-metadata';
import { DEMO, type SubgraphApp } from '@kaikukanta/kit';
import { createTestDatabase, gatewayHeaders, postGraphQL, testConfigEnv, type TestDatabase } from '@kaikukanta/kit/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApp } from '../app.js';
import { loadConfig } from '../config.js';

/** The usage subgraph's events: malformed ids (L2) and entity references (I1). */

let db: TestDatabase;
let sut: SubgraphApp;

beforeAll(async () => {
  db = await createTestDatabase(inject('pgAdminUrl'));
  sut = await createApp(loadConfig({ ...testConfigEnv(db.url), USAGE_PORT: '0', SEED_DEMO_DATA: 'true' }));
});

afterAll(async () => {
  await sut?.close();
  await db?.drop();
});

async function anonymous<T>(query: string, variables: Record<string, unknown> = {}) {
  return postGraphQL<T>(sut.server.url, query, variables, await gatewayHeaders({ kind: 'anonymous' }));
}

const ENTITIES = 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Event { id name cap } } }';

const EVENT_FIELDS = 'id name kind startsAt startsAtLocal capacity cap guestProducer reservationOpensDaysBefore reservationOpensAt redemptionOpensMinutesBefore redemptionOpensAt availableWithCard exclusion { reason text { fi sv en } note } provider { id }';

describe('Organization.upcomingEvents (the network page)', () => {
  it('R19: every provider of a batch gets its own next events, soonest first, at most 20, each as upcomingEvents(providerId) shows it', async () => {
    const providers = Object.values(DEMO.organizations);
    const batch = await anonymous<{ _entities: { upcomingEvents: Record<string, unknown>[] }[] }>(
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Organization { upcomingEvents { ${EVENT_FIELDS} } } } }`,
      { r: providers.map((id) => ({ __typename: 'Organization', id })) },
    );
    expect(batch.errors).toBeUndefined();
    let withEvents = 0;
    let capped = 0;
    for (const [i, id] of providers.entries()) {
      const alone = await anonymous<{ upcomingEvents: Record<string, unknown>[] }>(`query ($p: ID) { upcomingEvents(providerId: $p, limit: 200) { ${EVENT_FIELDS} } }`, { p: id });
      const all = alone.data?.upcomingEvents ?? [];
      expect(batch.data?._entities[i]?.upcomingEvents, id).toEqual(all.slice(0, 20));
      if (all.length) withEvents += 1;
      if (all.length > 20) capped += 1;
    }
    // The demo programme gives several providers events, and at least one more than 20 of them (so the cap is tested).
    expect(withEvents).toBeGreaterThan(3);
    expect(capped).toBeGreaterThan(0);
  });
});

describe('L2: an id that is not a UUID names nothing', () => {
  it.each(['any text', "x' or 1=1 --", '', 'AM99001000'])('L2: upcomingEvents(providerId: %j) answers [] without an internal error', async (providerId) => {
    const res = await anonymous<{ upcomingEvents: { id: string }[] }>('query ($p: ID) { upcomingEvents(providerId: $p) { id } }', { p: providerId });
    expect(res.errors).toBeUndefined();
    expect(res.data?.upcomingEvents).toEqual([]);
  });

  it('L2: Organization.upcomingEvents for a malformed id is empty, next to a real provider’s events in the same batch', async () => {
    const res = await anonymous<{ _entities: { upcomingEvents: { id: string }[] }[] }>(
      'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Organization { upcomingEvents { id } } } }',
      { r: [{ __typename: 'Organization', id: 'not-a-uuid' }, { __typename: 'Organization', id: DEMO.organizations.kansallisteatteri }] },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?._entities[0]?.upcomingEvents).toEqual([]);
    expect(res.data?._entities[1]?.upcomingEvents.length).toBeGreaterThan(0);
  });
});

describe('I1: Event references resolve from the table', () => {
  it('I1: _entities answers with the stored event, not the representation it was sent, and null for unknown or malformed ids', async () => {
    const listed = await anonymous<{ upcomingEvents: { id: string; name: string; cap: number | null }[] }>('query ($p: ID) { upcomingEvents(providerId: $p, limit: 1) { id name cap } }', {
      p: DEMO.organizations.kansallisteatteri,
    });
    const event = listed.data?.upcomingEvents[0];
    expect(event).toMatchObject({ name: 'Seitsemän veljestä', cap: 20 });
    const res = await anonymous<{ _entities: ({ id: string; name: string; cap: number | null } | null)[] }>(ENTITIES, {
      r: [
        { __typename: 'Event', id: event?.id, name: 'Forged', cap: 999 },
        { __typename: 'Event', id: '0a6c1a5e-0000-4000-8002-ffffffffffff' },
        { __typename: 'Event', id: 'not-a-uuid' },
      ],
    });
    expect(res.errors).toBeUndefined();
    expect(res.data?._entities).toEqual([event, null, null]);
  });
});
