import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { SubgraphName } from '../config.js';

/**
 * PostgreSQL roles per subgraph (decision 0010, review M2/M5). In each
 * database every subgraph has two roles:
 * - `<database>_<subgraph>_owner`, NOLOGIN: owns the schema and everything its
 *   migrations create. Only the migrate step acts as it (an administrative
 *   connection with `SET ROLE`), never a running service.
 * - `<database>_<subgraph>`, LOGIN: what the service connects as. It owns
 *   nothing, so it cannot ALTER, DROP, TRUNCATE or disable a trigger; it reads
 *   and writes its own tables, reads what another subgraph publishes to it
 *   (`PUBLISHED`), and only appends to and reads the `APPEND_ONLY` tables.
 * Roles are cluster-wide and tests run many databases on one server, so the
 * names carry the database.
 */

export const SUBGRAPH_NAMES = ['organizations', 'cards', 'usage', 'statistics'] as const satisfies readonly SubgraphName[];

/**
 * What a subgraph publishes read-only to another (ARCHITECTURE "Data
 * ownership"). Nothing else of another schema is readable; in particular no
 * one but cards reads cards' card, history or background tables (R8, R29).
 */
export const PUBLISHED: readonly { schema: SubgraphName; object: string; readers: readonly SubgraphName[] }[] = [
  // R13: usage checks card validity inside its own transaction.
  { schema: 'cards', object: 'card_status', readers: ['usage'] },
  // Decision 0009: statistics derives its figures from the cards outbox.
  { schema: 'cards', object: 'outbox', readers: ['statistics'] },
  // R18, R20: usage decides who manages an event, and which cap rule applies, inside its own transaction
  // (contract: kit/contracts/organizations.ts).
  // R25: statistics attributes cards and uses to region, municipality, venue type and field.
  { schema: 'organizations', object: 'provider_scope', readers: ['usage', 'statistics'] },
  { schema: 'organizations', object: 'agent_client', readers: ['usage'] },
  // Decision 0015: statistics derives usage figures from the usage outbox (contract: kit/contracts/usage-outbox.ts).
  { schema: 'usage', object: 'outbox', readers: ['statistics'] },
];

/** Tables their own subgraph may only append to and read: no UPDATE, DELETE or TRUNCATE (M5; outbox: L4). */
export const APPEND_ONLY: readonly { schema: SubgraphName; table: string }[] = [
  { schema: 'organizations', table: 'audit_log' },
  { schema: 'cards', table: 'outbox' },
  { schema: 'usage', table: 'outbox' },
  // M5: who read which card's background data.
  { schema: 'cards', table: 'background_read' },
];

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

export interface SubgraphRoles {
  /** The role the running service logs in as. */
  login: string;
  /** The NOLOGIN role that owns the schema; migrations run as it. */
  owner: string;
}

export function subgraphRoles(database: string, subgraph: SubgraphName): SubgraphRoles {
  const roles = { login: `${database}_${subgraph}`, owner: `${database}_${subgraph}_owner` };
  if (!IDENTIFIER.test(database) || roles.owner.length > 63) throw new Error(`database name unusable for role names: ${database}`);
  return roles;
}

/** The database an URL names. */
export function databaseOf(url: string): string {
  const database = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  if (!IDENTIFIER.test(database)) throw new Error(`unsafe database name: ${database}`);
  return database;
}

/** URL-safe, 192 bits. */
export function generatePassword(): string {
  return randomBytes(24).toString('base64url');
}

/** The administrative URL acting as `role` (`SET ROLE` through the startup options), so what it creates belongs to `role`. */
export function actingAs(adminUrl: string, role: string): string {
  const url = new URL(adminUrl);
  url.searchParams.set('options', `-c role=${role}`);
  return url.toString();
}

/** A subgraph's own connection: the administrative URL's server and database with the subgraph's login. */
export function loginUrl(adminUrl: string, login: string, password: string): string {
  const url = new URL(adminUrl);
  url.username = login;
  url.password = password;
  url.search = '';
  return url.toString();
}

/** Runs `work` in one transaction on `adminUrl`, serialised per database against other provisioners. */
async function asAdmin(adminUrl: string, work: (sql: (text: string) => Promise<pg.QueryResult>) => Promise<void>): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  client.on('error', () => undefined);
  await client.connect();
  try {
    await client.query('begin');
    await client.query("select pg_advisory_xact_lock(hashtext('kaikukanta.provision'))");
    await work((text) => client.query(text));
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

/**
 * Creates or updates every subgraph's two roles in the database of `adminUrl`
 * (a superuser connection), gives each login role `passwords[name]` or a new
 * one, and makes the owner role own its schema and everything in it — which
 * also adopts a database migrated before roles existed (objects owned by the
 * superuser). Idempotent. Returns each subgraph's connection URL.
 */
export async function provisionRoles(adminUrl: string, passwords: Partial<Record<SubgraphName, string>> = {}): Promise<Record<SubgraphName, string>> {
  const database = databaseOf(adminUrl);
  const urls = {} as Record<SubgraphName, string>;
  await asAdmin(adminUrl, async (sql) => {
    // The database is reachable only by its subgraphs (and superusers); PUBLIC's CONNECT and TEMP go.
    await sql(`revoke all on database "${database}" from public`);
    await sql('revoke create on schema public from public');
    for (const subgraph of SUBGRAPH_NAMES) {
      const { login, owner } = subgraphRoles(database, subgraph);
      const password = passwords[subgraph] ?? generatePassword();
      const limits = 'nosuperuser nocreatedb nocreaterole noreplication nobypassrls';
      await createRole(sql, owner, `nologin ${limits}`);
      await createRole(sql, login, `login ${limits} password ${pg.escapeLiteral(password)}`);
      // Migrations begin with `create schema if not exists`, which needs CREATE on the database even when the schema is there.
      await sql(`grant create on database "${database}" to "${owner}"`);
      await sql(`grant connect on database "${database}" to "${login}"`);
      await sql(`create schema if not exists "${subgraph}" authorization "${owner}"`);
      await adoptSchema(sql, subgraph, owner);
      await sql(`grant usage on schema "${subgraph}" to "${login}"`);
      // Tables and sequences later migrations create are the service's to read and write at once.
      await sql(`alter default privileges for role "${owner}" in schema "${subgraph}" grant select, insert, update, delete on tables to "${login}"`);
      await sql(`alter default privileges for role "${owner}" in schema "${subgraph}" grant usage, select on sequences to "${login}"`);
      urls[subgraph] = loginUrl(adminUrl, login, password);
    }
  });
  return urls;
}

async function createRole(sql: (text: string) => Promise<pg.QueryResult>, role: string, attributes: string): Promise<void> {
  const { rowCount } = await sql(`select 1 from pg_roles where rolname = ${pg.escapeLiteral(role)}`);
  await sql(`${rowCount ? 'alter' : 'create'} role "${role}" ${attributes}`);
}

/** Makes `owner` own the schema and every table, view, sequence, type and function in it (ALTER … OWNER is a no-op where it already does). */
async function adoptSchema(sql: (text: string) => Promise<pg.QueryResult>, schema: string, owner: string): Promise<void> {
  await sql(`alter schema "${schema}" owner to "${owner}"`);
  const { rows } = await sql(`
    select format('alter %s %s owner to %I', kind, object, ${pg.escapeLiteral(owner)}) as statement from (
      select case c.relkind when 'v' then 'view' when 'm' then 'materialized view' when 'S' then 'sequence' else 'table' end as kind,
             format('%I.%I', n.nspname, c.relname) as object
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = ${pg.escapeLiteral(schema)} and c.relkind in ('r', 'p', 'v', 'm')
             and c.relowner <> ${pg.escapeLiteral(owner)}::regrole
      union all
      -- Sequences a column owns follow their table; only free-standing ones need their own statement.
      select 'sequence', format('%I.%I', n.nspname, c.relname)
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = ${pg.escapeLiteral(schema)} and c.relkind = 'S' and c.relowner <> ${pg.escapeLiteral(owner)}::regrole
             and not exists (select 1 from pg_depend d where d.objid = c.oid and d.deptype in ('a', 'i'))
      union all
      select case t.typtype when 'd' then 'domain' else 'type' end, format('%I.%I', n.nspname, t.typname)
        from pg_type t join pg_namespace n on n.oid = t.typnamespace
       where n.nspname = ${pg.escapeLiteral(schema)} and t.typtype in ('e', 'd', 'r') and t.typowner <> ${pg.escapeLiteral(owner)}::regrole
      union all
      select case p.prokind when 'p' then 'procedure' else 'function' end, p.oid::regprocedure::text
        from pg_proc p join pg_namespace n on n.oid = p.pronamespace
       where n.nspname = ${pg.escapeLiteral(schema)} and p.proowner <> ${pg.escapeLiteral(owner)}::regrole
    ) objects`);
  for (const { statement } of rows as { statement: string }[]) await sql(statement);
}

/**
 * The grants that depend on what migrations created; run after every migrate
 * step. The service's DML on its own tables (for objects created before the
 * default privileges), read-only access to what others publish to it and
 * nothing else of another schema, append-only tables, and a migration log it
 * can read but not write.
 */
export async function applyGrants(adminUrl: string): Promise<void> {
  const database = databaseOf(adminUrl);
  await asAdmin(adminUrl, async (sql) => {
    for (const subgraph of SUBGRAPH_NAMES) {
      const { login } = subgraphRoles(database, subgraph);
      await sql(`grant select, insert, update, delete on all tables in schema "${subgraph}" to "${login}"`);
      await sql(`grant usage, select on all sequences in schema "${subgraph}" to "${login}"`);
      await sql(`revoke insert, update, delete, truncate on "${subgraph}"."mikro_orm_migrations" from "${login}"`);
      // Whatever another schema granted it before (a reader dropped from PUBLISHED) goes; PUBLISHED grants it again below.
      for (const other of SUBGRAPH_NAMES.filter((name) => name !== subgraph)) {
        await sql(`revoke all on all tables in schema "${other}" from "${login}"`);
        await sql(`revoke all on schema "${other}" from "${login}"`);
      }
    }
    for (const { schema, table } of APPEND_ONLY) {
      await sql(`revoke update, delete, truncate on "${schema}"."${table}" from "${subgraphRoles(database, schema).login}"`);
    }
    for (const { schema, object, readers } of PUBLISHED) {
      for (const reader of readers) {
        const { login } = subgraphRoles(database, reader);
        await sql(`grant usage on schema "${schema}" to "${login}"`);
        await sql(`grant select on "${schema}"."${object}" to "${login}"`);
      }
    }
  });
}

/** Drops the roles of `database` (after the database itself is gone: roles are cluster-wide). */
export async function dropRoles(serverAdminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverAdminUrl });
  client.on('error', () => undefined);
  await client.connect();
  try {
    for (const subgraph of SUBGRAPH_NAMES) {
      const { login, owner } = subgraphRoles(database, subgraph);
      await client.query(`drop role if exists "${login}"`);
      await client.query(`drop role if exists "${owner}"`);
    }
  } finally {
    await client.end();
  }
}
