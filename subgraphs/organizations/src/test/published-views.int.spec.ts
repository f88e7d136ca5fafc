import 'reflect-metadata';
import { DEMO, type SubgraphApp } from '@kaikukanta/kit';
import { AGENT_CLIENT_COLUMNS, AGENT_CLIENT_VIEW, PROVIDER_SCOPE_COLUMNS, PROVIDER_SCOPE_VIEW, type AgentClientRow, type ProviderScopeRow, type ViewColumns } from '@kaikukanta/kit/contracts';
import type { TestDatabase } from '@kaikukanta/kit/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startOrganizations } from './support.js';

/**
 * The views organizations publishes to usage (decision 0010) are a contract:
 * usage reads them inside its own transaction by the names and columns in
 * kit/contracts/organizations.ts, so a migration that changes them fails here.
 */

let db: TestDatabase;
let sut: SubgraphApp;
let client: pg.Client;

beforeAll(async () => {
  ({ db, sut } = await startOrganizations(inject('pgAdminUrl')));
  client = new pg.Client({ connectionString: db.url });
  await client.connect();
});

afterAll(async () => {
  await client?.end();
  await sut?.close();
  await db?.drop();
});

async function columnsOf(view: string): Promise<[string, string][]> {
  const { rows } = await client.query<{ column: string; type: string; kind: string }>(
    `select a.attname as column, format_type(a.atttypid, a.atttypmod) as type, c.relkind as kind
       from pg_attribute a join pg_class c on c.oid = a.attrelid
      where c.relnamespace = 'organizations'::regnamespace and c.relname = $1 and a.attnum > 0 and not a.attisdropped
      order by a.attnum`,
    [view],
  );
  expect(rows.every((r) => r.kind === 'v'), `${view} is a view`).toBe(true);
  return rows.map((r) => [r.column, r.type]);
}

const asPairs = (columns: ViewColumns) => columns.map(([c, t]) => [c, t]);

describe('published views match their contract (kit/contracts/organizations.ts)', () => {
  it('R18, R20: organizations.provider_scope has exactly the contract columns', async () => {
    expect(await columnsOf(PROVIDER_SCOPE_VIEW.view)).toEqual(asPairs(PROVIDER_SCOPE_COLUMNS));
  });

  it('R18: organizations.agent_client has exactly the contract columns', async () => {
    expect(await columnsOf(AGENT_CLIENT_VIEW.view)).toEqual(asPairs(AGENT_CLIENT_COLUMNS));
  });

  it('R18, R20, R25: provider_scope answers a provider with its kinds, venue type, municipality, region and field', async () => {
    const { rows } = await client.query<ProviderScopeRow>(`select * from organizations.${PROVIDER_SCOPE_VIEW.view} where organization_id = $1`, [DEMO.organizations.vaasaSwimmingHall]);
    expect(rows).toEqual([
      { organization_id: DEMO.organizations.vaasaSwimmingHall, kinds: ['CULTURE_PROVIDER'], venue_type: 'SPORT', municipality_code: '905', region_id: DEMO.regions.ostrobothnia, active: true, field: 'SPORT' },
    ]);
  });

  it('R18: agent_client lists the demo ticket agents’ clients', async () => {
    const { rows } = await client.query<AgentClientRow>(`select * from organizations.${AGENT_CLIENT_VIEW.view} where agent_id = $1 order by provider_id`, [DEMO.organizations.lippupiste]);
    expect(rows.map((r) => r.provider_id)).toContain(DEMO.organizations.tampereTheatre);
    expect(rows.map((r) => r.provider_id)).not.toContain(DEMO.organizations.vaasaSwimmingHall);
  });
});
