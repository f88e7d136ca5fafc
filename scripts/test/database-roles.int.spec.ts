import { dropRoles, ensureDatabase, migrate, prepareDatabase, subgraphRoles, type OrmFactory, type PreparedDatabase, type SubgraphName } from '@kaikukanta/kit';
import { startEmbeddedPostgres } from '@kaikukanta/kit/embedded';
import { createTestDatabase, type TestDatabase } from '@kaikukanta/kit/testing';
import { chmod, mkdtemp, readFile, rm, stat, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadSubgraph, SUBGRAPHS } from '../lib/subgraphs.ts';

/**
 * Decision 0010 (review M2, M5): after the migrate step every subgraph
 * connects as its own role, which owns nothing, reads and writes only its own
 * schema plus what another publishes to it, and cannot rewrite the audit log.
 * Every refusal is the server's own: SQLSTATE 42501 insufficient_privilege.
 */

const INSUFFICIENT_PRIVILEGE = '42501';

let db: TestDatabase;
let prepared: PreparedDatabase;
let orms: Record<SubgraphName, OrmFactory>;
const clients = new Map<SubgraphName, pg.Client>();

/** One session as the subgraph's login role, through the URL the migrate step handed out. */
function as(name: SubgraphName): pg.Client {
  const client = clients.get(name);
  if (!client) throw new Error(`no session for ${name}`);
  return client;
}

/** Runs `sql` as `name` in a transaction that is rolled back, so a permitted write leaves nothing behind. */
async function run(name: SubgraphName, sql: string): Promise<pg.QueryResult> {
  const client = as(name);
  await client.query('begin');
  try {
    return await client.query(sql);
  } finally {
    await client.query('rollback');
  }
}

async function refused(name: SubgraphName, sql: string): Promise<void> {
  const error = await run(name, sql).then(
    () => undefined,
    (caught: unknown) => caught as { code?: string; message?: string },
  );
  expect(error, `${name} must not: ${sql}`).toBeDefined();
  expect(error?.code, `${name}: ${sql} → ${error?.message}`).toBe(INSUFFICIENT_PRIVILEGE);
}

const OUTBOX_ROW = `insert into cards.outbox (type, card_id, card_kind, distributor_id, effective_on, valid_until, occurred_at)
  values ('REGISTERED', gen_random_uuid(), 'PERSONAL', gen_random_uuid(), current_date, current_date + 365, now())`;
const BACKGROUND_READ_ROW = `insert into cards.background_read (at, reader_kind, user_id, role, card_id) values (now(), 'USER', gen_random_uuid(), 'DISTRIBUTOR', gen_random_uuid())`;
const AUDIT_ROW = `insert into organizations.audit_log (at, action, target_type, target_id) values (now(), 'PROBE', 'probe', 'probe')`;

beforeAll(async () => {
  db = await createTestDatabase(inject('pgAdminUrl'), 'kk_roles');
  orms = Object.fromEntries(await Promise.all(SUBGRAPHS.map(async (name) => [name, (await loadSubgraph(name)).createOrm] as const))) as Record<SubgraphName, OrmFactory>;
  prepared = await prepareDatabase(db.url, orms);
  for (const name of SUBGRAPHS) {
    const client = new pg.Client({ connectionString: prepared.urls[name] });
    await client.connect();
    clients.set(name, client);
  }
});

afterAll(async () => {
  await Promise.all([...clients.values()].map((client) => client.end()));
  await db?.drop();
  if (db) await dropRoles(inject('pgAdminUrl'), new URL(db.url).pathname.slice(1));
});

describe('the migrate step', () => {
  it('migrates every schema and hands each subgraph a URL of its own login role, never the superuser', async () => {
    const database = new URL(db.url).pathname.slice(1);
    for (const name of SUBGRAPHS) {
      expect(prepared.applied[name].length, name).toBeGreaterThan(0);
      const { rows } = await as(name).query<{ user: string; superuser: string }>("select current_user as user, current_setting('is_superuser') as superuser");
      expect(rows[0], name).toEqual({ user: subgraphRoles(database, name).login, superuser: 'off' });
    }
  });

  it('a second run applies nothing and changes no grant, and the services find nothing to migrate on start', async () => {
    const again = await prepareDatabase(db.url, orms);
    expect(Object.values(again.applied).flat()).toEqual([]);
    for (const name of SUBGRAPHS) {
      const orm = await orms[name](again.urls[name]);
      try {
        expect(await migrate(orm), name).toEqual([]);
      } finally {
        await orm.close();
      }
    }
    await refused('usage', 'select 1 from cards.background');
    expect((await run('usage', 'select count(*) from cards.card_status')).rowCount).toBe(1);
  });
});

describe('cards: background data stays in its schema (M2, R8, R29)', () => {
  it('the cards role reads and writes its own tables and appends to its outbox', async () => {
    for (const table of ['card', 'background', 'card_history', 'status_lookup', 'outbox', 'card_status']) {
      await expect(run('cards', `select * from cards.${table} limit 1`), table).resolves.toBeDefined();
    }
    await expect(run('cards', OUTBOX_ROW)).resolves.toMatchObject({ rowCount: 1 });
    await expect(run('cards', 'delete from cards.status_lookup')).resolves.toBeDefined();
  });

  it('the usage role reads cards.card_status and nothing else of cards, and cannot write the view', async () => {
    await expect(run('usage', 'select code, state, valid_until from cards.card_status limit 1')).resolves.toBeDefined();
    for (const table of ['card', 'background', 'card_history', 'outbox', 'status_lookup']) await refused('usage', `select 1 from cards.${table}`);
    await refused('usage', "insert into cards.card_status (code) values ('AB12')");
    await refused('usage', "update cards.card_status set state = 'ENDED'");
    await refused('usage', 'delete from cards.card_status');
  });

  it('the statistics role reads cards.outbox and nothing else of cards, and cannot write it', async () => {
    await expect(run('statistics', 'select id, type from cards.outbox order by id limit 1')).resolves.toBeDefined();
    for (const table of ['card', 'background', 'card_history', 'card_status', 'status_lookup']) await refused('statistics', `select 1 from cards.${table}`);
    await refused('statistics', OUTBOX_ROW);
    await refused('statistics', 'delete from cards.outbox');
    await refused('statistics', 'truncate cards.outbox');
  });

  it('the organizations role reads nothing of cards', async () => {
    for (const table of ['card', 'background', 'card_status', 'outbox']) await refused('organizations', `select 1 from cards.${table}`);
  });

  it('the log of background reads is append-only for its own subgraph, and no other subgraph reads it (M5)', async () => {
    await expect(run('cards', BACKGROUND_READ_ROW)).resolves.toMatchObject({ rowCount: 1 });
    await expect(run('cards', 'select card_id, reader_kind from cards.background_read')).resolves.toBeDefined();
    await refused('cards', "update cards.background_read set role = 'ANALYST'");
    await refused('cards', 'delete from cards.background_read');
    await refused('cards', 'truncate cards.background_read');
    await refused('cards', 'alter table cards.background_read disable trigger all');
    await refused('cards', 'drop trigger background_read_append_only on cards.background_read');
    await refused('cards', 'drop trigger background_read_no_truncate on cards.background_read');
    await refused('cards', 'drop table cards.background_read');
    for (const name of ['organizations', 'usage', 'statistics'] as const) await refused(name, 'select 1 from cards.background_read');
  });

  it('the cards outbox is append-only even for its own subgraph (L4)', async () => {
    await refused('cards', 'update cards.outbox set card_kind = card_kind');
    await refused('cards', 'delete from cards.outbox');
    await refused('cards', 'truncate cards.outbox');
  });
});

describe('organizations: the audit log is append-only against its own role (M5)', () => {
  it('the organizations role appends and reads entries', async () => {
    await expect(run('organizations', AUDIT_ROW)).resolves.toMatchObject({ rowCount: 1 });
    await expect(run('organizations', 'select * from organizations.audit_log')).resolves.toBeDefined();
  });

  it('cannot truncate it, update or delete rows, drop or disable its trigger, or drop the table', async () => {
    await refused('organizations', 'truncate organizations.audit_log');
    await refused('organizations', "update organizations.audit_log set action = 'NOTHING_HAPPENED'");
    await refused('organizations', 'delete from organizations.audit_log');
    await refused('organizations', 'alter table organizations.audit_log disable trigger audit_log_append_only');
    await refused('organizations', 'alter table organizations.audit_log disable trigger all');
    await refused('organizations', 'drop trigger audit_log_append_only on organizations.audit_log');
    await refused('organizations', 'drop function organizations.audit_log_audit_log_append_only_fn() cascade');
    await refused('organizations', 'drop table organizations.audit_log');
  });

  it('no other subgraph reads it', async () => {
    for (const name of ['cards', 'usage', 'statistics'] as const) await refused(name, 'select 1 from organizations.audit_log');
  });
});

describe('organizations publishes provider scope and ticket-agent clients to usage (R18, R20)', () => {
  it('the usage role reads organizations.provider_scope and agent_client, nothing else of organizations, and cannot write them', async () => {
    await expect(run('usage', 'select organization_id, kinds, venue_type, municipality_code, region_id, active from organizations.provider_scope limit 1')).resolves.toBeDefined();
    await expect(run('usage', 'select agent_id, provider_id from organizations.agent_client limit 1')).resolves.toBeDefined();
    for (const table of ['organization', 'ticket_agent_client', 'membership', 'municipality']) await refused('usage', `select 1 from organizations.${table}`);
    await refused('usage', 'delete from organizations.agent_client');
    await refused('usage', 'update organizations.agent_client set provider_id = agent_id');
  });

  it('R25: the statistics role reads provider_scope (region, municipality, venue type, field) and nothing else of organizations', async () => {
    await expect(run('statistics', 'select organization_id, municipality_code, region_id, venue_type, field from organizations.provider_scope limit 1')).resolves.toBeDefined();
    for (const table of ['organization', 'agent_client', 'membership', 'municipality']) await refused('statistics', `select 1 from organizations.${table}`);
  });

  it('no other subgraph reads them', async () => {
    for (const view of ['provider_scope', 'agent_client']) await refused('cards', `select 1 from organizations.${view}`);
  });
});

const USAGE_OUTBOX_ROW = `insert into usage.outbox (type, usage_id, provider_id, registering_organization_id, event_date, event_kind, card_kind, child_tickets, occurred_at)
  values ('USAGE_REGISTERED', gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), current_date, 'PERFORMANCE', 'PERSONAL', 0, now())`;

describe('usage publishes its outbox to statistics, append-only (decision 0015)', () => {
  it('the usage role appends to and reads its outbox, and cannot rewrite it', async () => {
    await expect(run('usage', USAGE_OUTBOX_ROW)).resolves.toMatchObject({ rowCount: 1 });
    await expect(run('usage', 'select id, xid from usage.outbox limit 1')).resolves.toBeDefined();
    await refused('usage', "update usage.outbox set type = 'USAGE_CANCELLED'");
    await refused('usage', 'delete from usage.outbox');
    await refused('usage', 'truncate usage.outbox');
  });

  it('the statistics role reads usage.outbox and nothing else of usage, and cannot write it', async () => {
    await expect(run('statistics', 'select id, xid, type from usage.outbox order by xid, id limit 1')).resolves.toBeDefined();
    for (const table of ['usage', 'event', 'idempotency_key', 'write_throttle']) await refused('statistics', `select 1 from usage.${table}`);
    await refused('statistics', USAGE_OUTBOX_ROW);
    await refused('statistics', 'delete from usage.outbox');
  });
});

describe('every role', () => {
  it('creates nothing in any schema, its own included, and no schema of its own', async () => {
    for (const name of SUBGRAPHS) {
      for (const schema of [...SUBGRAPHS, 'public']) await refused(name, `create table "${schema}".kk_probe (id int)`);
      await refused(name, 'create schema kk_probe');
    }
  });

  it('reads no other schema’s private tables', async () => {
    const samples: Record<SubgraphName, string> = {
      organizations: 'organizations.user_account',
      cards: 'cards.card',
      usage: 'usage.event',
      statistics: 'statistics.national_counter',
    };
    for (const reader of SUBGRAPHS) {
      for (const [owner, table] of Object.entries(samples)) if (owner !== reader) await refused(reader, `select 1 from ${table}`);
    }
  });

  it('cannot alter its own tables, become its schema’s owner, or mark a migration applied', async () => {
    const database = new URL(db.url).pathname.slice(1);
    for (const name of SUBGRAPHS) {
      await refused(name, `alter table ${name}.mikro_orm_migrations add column kk_probe int`);
      await refused(name, `insert into ${name}.mikro_orm_migrations (name) values ('kk_probe')`);
      await refused(name, `set role "${subgraphRoles(database, name).owner}"`);
    }
  });
});

describe('adopting a database migrated before roles existed (a kept .data/ or volume)', () => {
  it('hands the superuser-owned schema to its owner role, so the audit log is protected as on a fresh database', async () => {
    const legacy = await createTestDatabase(inject('pgAdminUrl'), 'kk_roles_old');
    const database = new URL(legacy.url).pathname.slice(1);
    try {
      const orm = await orms.organizations(legacy.url);
      try {
        expect((await migrate(orm)).length).toBeGreaterThan(0);
      } finally {
        await orm.close();
      }
      const { urls } = await prepareDatabase(legacy.url, orms);
      const client = new pg.Client({ connectionString: urls.organizations });
      await client.connect();
      try {
        await client.query(AUDIT_ROW);
        const error = await client.query('truncate organizations.audit_log').then(
          () => undefined,
          (caught: unknown) => caught as { code?: string },
        );
        expect(error?.code).toBe(INSUFFICIENT_PRIVILEGE);
      } finally {
        await client.end();
      }
      const admin = new pg.Client({ connectionString: legacy.url });
      await admin.connect();
      try {
        const { rows } = await admin.query<{ owner: string }>(
          "select distinct pg_get_userbyid(c.relowner) as owner from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'organizations'",
        );
        expect(rows).toEqual([{ owner: subgraphRoles(database, 'organizations').owner }]);
      } finally {
        await admin.end();
      }
    } finally {
      await legacy.drop();
      await dropRoles(inject('pgAdminUrl'), database);
    }
  });
});

describe('the embedded server of npm start (password authentication)', () => {
  /** SQLSTATE of logging in with `url`, or 'ok'. */
  async function login(url: string): Promise<string> {
    const client = new pg.Client({ connectionString: url });
    client.on('error', () => undefined);
    try {
      await client.connect();
      return 'ok';
    } catch (error) {
      return (error as { code?: string }).code ?? String(error);
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  function withPassword(url: string, password: string): string {
    const changed = new URL(url);
    changed.password = password;
    return changed.toString();
  }

  it('keeps a generated superuser password under .data/ (0600), refuses the old fixed one, and lets each subgraph in with its own', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'kaikukanta-roles-'));
    // As root the server runs as `postgres`, which must be able to enter the folder.
    await chmod(dir, 0o755);
    const options = { dataDir: path.join(dir, 'postgres'), passwordFile: path.join(dir, 'postgres.password') };
    let server = await startEmbeddedPostgres(options);
    try {
      expect((await stat(options.passwordFile)).mode & 0o777).toBe(0o600);
      const password = (await readFile(options.passwordFile, 'utf8')).trim();
      expect(password.length).toBeGreaterThanOrEqual(32);
      expect(decodeURIComponent(new URL(server.adminUrl).password)).toBe(password);
      expect(await login(withPassword(server.adminUrl, 'kaikukanta'))).toBe('28P01');

      await ensureDatabase(server.adminUrl, 'kaikukanta');
      const { urls } = await prepareDatabase(server.urlFor('kaikukanta'), orms);
      expect(await login(urls.cards)).toBe('ok');
      expect(await login(withPassword(urls.cards, new URL(urls.usage).password))).toBe('28P01');

      // A cluster made before decision 0010: the fixed password and no file. The next start moves it to a generated one.
      const admin = new pg.Client({ connectionString: server.adminUrl });
      await admin.connect();
      await admin.query("alter role postgres password 'kaikukanta'");
      await admin.end();
      await server.stop();
      await unlink(options.passwordFile);
      server = await startEmbeddedPostgres(options);
      const moved = (await readFile(options.passwordFile, 'utf8')).trim();
      expect(moved).not.toBe(password);
      expect(await login(server.adminUrl)).toBe('ok');
      expect(await login(withPassword(server.adminUrl, 'kaikukanta'))).toBe('28P01');
    } finally {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
