import 'reflect-metadata';
import { createTestDatabase, type TestDatabase } from '@kaikukanta/kit/testing';
import type { MikroORM } from '@kaikukanta/kit';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createOrm } from '../orm.js';

/**
 * Decision 0022: culture officer memberships and invitations made before officers named a municipality get one
 * from the migration — their region's municipality with the most active culture providers, ties to the lowest
 * code — and the new scope check then holds for every row.
 */

const BEFORE = 'Migration20261202071157_statistics_field';
const PIRKANMAA = '0a6c1a5e-0000-4000-8000-00000000e001';
const UUSIMAA = '0a6c1a5e-0000-4000-8000-00000000e002';
const ADMIN = '0a6c1a5e-0000-4000-8000-00000000e100';

let db: TestDatabase;
let orm: MikroORM;
const sql = <T = Record<string, unknown>>(query: string, params: unknown[] = []) => orm.em.getConnection().execute<T[]>(query, params);

beforeAll(async () => {
  db = await createTestDatabase(inject('pgAdminUrl'), 'kk_test_officer_migration');
  orm = await createOrm(db.url);
  await orm.migrator.up({ to: BEFORE });
});

afterAll(async () => {
  await orm?.close();
  await db?.drop();
});

describe('decision 0022: the migration gives existing culture officers a municipality', () => {
  it("each gets their region's municipality with the most active culture providers; other roles get none", async () => {
    await sql(`insert into organizations.region (id, code, name_fi, name_sv, name_en, created_at) values (?, 'PIRKANMAA', 'Pirkanmaa', 'Birkaland', 'Pirkanmaa', now()), (?, 'UUSIMAA', 'Uusimaa', 'Nyland', 'Uusimaa', now())`, [PIRKANMAA, UUSIMAA]);
    await sql(
      `insert into organizations.municipality (code, name_fi, name_sv, region_id) values
        ('536', 'Nokia', 'Nokia', ?), ('837', 'Tampere', 'Tammerfors', ?), ('980', 'Ylöjärvi', 'Ylöjärvi', ?), ('091', 'Helsinki', 'Helsingfors', ?), ('049', 'Espoo', 'Esbo', ?)`,
      [PIRKANMAA, PIRKANMAA, PIRKANMAA, UUSIMAA, UUSIMAA],
    );
    // Tampere has two active providers; Nokia one active, one deactivated, and distributors (which do not count).
    const org = (municipality: string, kinds: string, active = true) =>
      sql(`insert into organizations.organization (id, name, kinds, municipality_code, active, created_at, updated_at) values (gen_random_uuid(), 'Org', ?::text[], ?, ?, now(), now())`, [kinds, municipality, active]);
    for (const [municipality, kinds, active] of [['837', '{CULTURE_PROVIDER}', true], ['837', '{CULTURE_PROVIDER,TICKET_AGENT}', true], ['536', '{CULTURE_PROVIDER}', true], ['536', '{CULTURE_PROVIDER}', false], ['536', '{DISTRIBUTOR}', true], ['536', '{DISTRIBUTOR}', true]] as const) {
      await org(municipality, kinds, active);
    }
    await sql(`insert into organizations.user_account (id, email, display_name, active, created_at) values (?, 'admin@example.test', 'Admin', true, now())`, [ADMIN]);
    const membership = (role: string, region: string | null) =>
      sql<{ id: string }>(`insert into organizations.membership (id, user_id, role, region_id, created_at) values (gen_random_uuid(), ?, ?, ?, now()) returning id`, [ADMIN, role, region]);
    const [pirkanmaaOfficer] = await membership('CULTURE_OFFICER', PIRKANMAA);
    // A region without providers: the lowest code.
    const [uusimaaOfficer] = await membership('CULTURE_OFFICER', UUSIMAA);
    const [regionAdmin] = await membership('REGION_ADMIN', PIRKANMAA);
    await sql(
      `insert into organizations.invitation (id, token_hash, email, role, region_id, invited_by_id, created_at, expires_at) values (gen_random_uuid(), 'h1', 'officer@example.test', 'CULTURE_OFFICER', ?, ?, now(), now() + interval '7 days')`,
      [PIRKANMAA, ADMIN],
    );

    await orm.migrator.up();

    const municipalityOf = async (id: string | undefined) => (await sql<{ municipality_code: string | null }>('select municipality_code from organizations.membership where id = ?', [id]))[0]?.municipality_code;
    expect(await municipalityOf(pirkanmaaOfficer?.id)).toBe('837');
    expect(await municipalityOf(uusimaaOfficer?.id)).toBe('049');
    expect(await municipalityOf(regionAdmin?.id)).toBeNull();
    expect(await sql('select municipality_code from organizations.invitation')).toEqual([{ municipality_code: '837' }]);
  });
});
