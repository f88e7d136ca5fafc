import 'reflect-metadata';
import { DEMO, type SubgraphApp } from '@kaikukanta/kit';
import type { TestDatabase } from '@kaikukanta/kit/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { anonymous, call, createPerson, login, startOrganizations } from './support.js';

/**
 * H1: one anonymous request must not make the subgraph that authenticates
 * everyone build an exponential result. The lists that close the network's
 * cycles are refused where the walk turned back (fan-out.ts), and whatever
 * still grows with the data is cut by the kit's resolver budget. Requests go
 * straight to the subgraph, as if the gateway's limits were not there.
 */

const R = DEMO.regions;
const O = DEMO.organizations;
/** Extra organisations in Pirkanmaa, so each turn of a cycle multiplies by ~300. */
const EXTRA = 300;

let db: TestDatabase;
let sut: SubgraphApp;
let url: string;

beforeAll(async () => {
  ({ db, sut } = await startOrganizations(inject('pgAdminUrl')));
  url = sut.server.url;
  await sut.orm.em.getConnection().execute(
    `insert into organizations.organization (id, name, kinds, municipality_code, active, created_at, updated_at)
     select gen_random_uuid(), 'Fan-out ' || i, '{CULTURE_PROVIDER}', '837', true, now(), now() from generate_series(1, ${EXTRA}) i`,
  );
  // R18 links for the clientProviders ↔ ticketAgents cycle (the demo network seeds some of them too).
  await sut.orm.em.getConnection().execute(
    'insert into organizations.ticket_agent_client (agent_id, provider_id, created_at) values (?, ?, now()), (?, ?, now()) on conflict do nothing',
    [O.lippupiste, O.tampereTheatre, O.lippupiste, O.ateneum],
  );
});

afterAll(async () => {
  await sut?.close();
  await db?.drop();
});

const codes = (res: { errors?: { extensions?: Record<string, unknown> }[] }) => res.errors?.map((e) => e.extensions?.code);

describe('H1: the cycles of the network graph', () => {
  it("H1: the review's depth-12 anonymous fan-out is refused at the first turn back, with a coded error", async () => {
    const res = await call(url, anonymous, '{ organizations { region { organizations { region { organizations { region { organizations { region { organizations { region { organizations { id } } } } } } } } } } } }', {}, { locale: 'en' });
    expect(res.data).toBeNull();
    expect(codes(res)).toEqual(['NESTED_LIST_REFUSED']);
    expect(res.errors?.[0]).toMatchObject({ message: expect.stringContaining('cannot be asked for through another list'), extensions: { details: { field: 'Region.organizations' } } });
  });

  it.each([
    ['Municipality.region → Region.municipalities', '{ regions { municipalities { region { municipalities { code } } } } }', 'Region.municipalities'],
    ['Organization.municipality.region → Region.organizations', '{ organizations { municipality { region { organizations { id } } } } }', 'Region.organizations'],
    ['Region.organizations → clientProviders', '{ regions { organizations { clientProviders { id } } } }', 'Organization.clientProviders'],
    ['clientProviders → ticketAgents', `{ organization(id: "${O.lippupiste}") { clientProviders { ticketAgents { id } } } }`, 'Organization.ticketAgents'],
    ['ticketAgents → clientProviders', `{ organization(id: "${O.tampereTheatre}") { ticketAgents { clientProviders { id } } } }`, 'Organization.clientProviders'],
  ])('H1: %s is refused', async (_name, query, field) => {
    const res = await call(url, anonymous, query);
    expect(codes(res)).toEqual(['NESTED_LIST_REFUSED']);
    expect(res.errors?.[0]?.extensions?.details).toEqual({ field });
  });

  it('H1: what the web app asks stays open: the network page, the admin list and an organisation\'s links', async () => {
    const network = await call<{ regions: { code: string; organizations: { region?: unknown }[] }[] }>(
      url,
      anonymous,
      '{ regions { id code name { fi sv en } municipalities { code } organizations { id name kinds venueType field active municipality { code name { fi sv en } } } } }',
    );
    expect(network.errors).toBeUndefined();
    expect(network.data?.regions.find((r) => r.code === 'PIRKANMAA')?.organizations.length).toBeGreaterThan(EXTRA);
    const admin = await call(url, anonymous, `{ organizations(regionId: "${R.pirkanmaa}") { id municipality { code name { fi } } region { id code name { fi } } } regions { id municipalities { code } } }`);
    expect(admin.errors).toBeUndefined();
    const links = await call<{ organization: { clientProviders: { id: string }[] } }>(url, anonymous, `{ organization(id: "${O.lippupiste}") { id clientProviders { id name } ticketAgents { id } sites { id } } }`);
    expect(links.errors).toBeUndefined();
    expect(links.data?.organization.clientProviders.length).toBeGreaterThan(0);
    // A region reached back still answers its own fields.
    const back = await call(url, anonymous, '{ regions { organizations { region { id code } municipality { region { code } } } } }');
    expect(back.errors).toBeUndefined();
  });
});

describe('H1: the resolver budget', () => {
  it('H1: a fan-out without cycles (15 aliases × every organisation) is aborted with QUERY_TOO_LARGE while /healthz and a login keep answering', async () => {
    const password = 'fan-out-password-1';
    const { email } = await createPerson(sut, { password, memberships: [{ role: 'DISTRIBUTOR', organization: O.tampereSocial }] });
    const fields = 'id name kinds venueType field active municipality { code name { fi sv en } } region { id code name { fi sv en } }';
    // ~312 organisations × 17 fields × 15 aliases ≈ 80 000 resolutions, over the default budget of 50 000.
    const query = `{ ${Array.from({ length: 15 }, (_, i) => `a${i}: organizations { ${fields} }`).join(' ')} }`;

    const fanOut = call(url, anonymous, query, {}, { locale: 'sv' });
    const healthStarted = performance.now();
    const health = await fetch(new URL('/healthz', url));
    const healthMs = performance.now() - healthStarted;
    const signedIn = await login(url, email, password);
    const res = await fanOut;

    expect(res.data).toBeNull();
    expect(res.errors).toEqual([{ message: expect.stringContaining('för mycket'), extensions: { code: 'QUERY_TOO_LARGE' } }]);
    expect(health.status).toBe(200);
    expect(healthMs).toBeLessThan(2_000);
    expect(signedIn.token).toEqual(expect.any(String));
  });
});
