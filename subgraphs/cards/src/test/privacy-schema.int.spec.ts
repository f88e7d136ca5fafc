import 'reflect-metadata';
import { migrate, type MikroORM } from '@kaikukanta/kit';
import { createTestDatabase, type TestDatabase } from '@kaikukanta/kit/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createOrm } from '../orm.js';
import { seedDemoCards } from '../seeders/demo.seeder.js';

/**
 * R9: the registry never stores data that directly identifies a person — no
 * name, personal identity code, birth date or address — and the schema must
 * make it impossible, not just unlikely. This test reads the migrated schema
 * from the PostgreSQL catalogue, so a new column fails it until someone has
 * looked at it and added it to the allow-list below, together with a CHECK
 * that closes it.
 */

/** Every column of every table in schema `cards`: (table, column, type as `format_type` prints it). */
const ALLOWED_COLUMNS: readonly (readonly [table: string, column: string, type: string])[] = [
  ['background', 'card_id', 'uuid'],
  ['background', 'birth_year', 'smallint'],
  ['background', 'postal_code', 'character varying(5)'],
  ['background', 'minor_children', 'smallint'],
  ['background', 'mother_tongue', 'text'],
  ['background', 'gender', 'text'],
  ['background', 'life_situations', 'text[]'],
  // M5: who read which card's background data; ids, a time and closed lists, never a background value.
  ['background_read', 'id', 'bigint'],
  ['background_read', 'at', 'timestamp with time zone'],
  ['background_read', 'request_id', 'uuid'],
  ['background_read', 'reader_kind', 'text'],
  ['background_read', 'user_id', 'uuid'],
  ['background_read', 'api_key_id', 'uuid'],
  ['background_read', 'organization_id', 'uuid'],
  ['background_read', 'region_id', 'uuid'],
  ['background_read', 'role', 'text'],
  ['background_read', 'card_id', 'uuid'],
  ['card', 'id', 'uuid'],
  ['card', 'code', 'character varying(20)'],
  ['card', 'kind', 'text'],
  ['card', 'distributor_id', 'uuid'],
  ['card', 'region_id', 'uuid'],
  ['card', 'granted_on', 'date'],
  ['card', 'trial_ends_on', 'date'],
  ['card', 'valid_until', 'date'],
  ['card', 'state', 'text'],
  ['card', 'closed_on', 'date'],
  ['card', 'out_of_use_reason', 'text'],
  ['card', 'child_ticket_limit', 'smallint'],
  ['card', 'created_at', 'timestamp with time zone'],
  ['card', 'updated_at', 'timestamp with time zone'],
  ['card_history', 'id', 'uuid'],
  ['card_history', 'card_id', 'uuid'],
  ['card_history', 'kind', 'text'],
  ['card_history', 'effective_on', 'date'],
  ['card_history', 'valid_until', 'date'],
  ['card_history', 'out_of_use_reason', 'text'],
  ['card_history', 'actor_user_id', 'uuid'],
  ['card_history', 'actor_organization_id', 'uuid'],
  ['card_history', 'at', 'timestamp with time zone'],
  ['outbox', 'id', 'bigint'],
  ['outbox', 'type', 'text'],
  ['outbox', 'card_id', 'uuid'],
  ['outbox', 'card_kind', 'text'],
  ['outbox', 'distributor_id', 'uuid'],
  ['outbox', 'region_id', 'uuid'],
  ['outbox', 'effective_on', 'date'],
  ['outbox', 'valid_until', 'date'],
  ['outbox', 'occurred_at', 'timestamp with time zone'],
  // R25 bands on REGISTERED rows (R9: a decade, not a year; two digits of a postal code; 0/1/2/3 or more children).
  ['outbox', 'birth_decade', 'smallint'],
  ['outbox', 'mother_tongue', 'text'],
  ['outbox', 'gender', 'text'],
  ['outbox', 'postal_area', 'character varying(2)'],
  ['outbox', 'life_situations', 'text[]'],
  ['outbox', 'children_band', 'text'],
  ['status_lookup', 'caller_id', 'uuid'],
  ['status_lookup', 'window_start', 'timestamp with time zone'],
  ['status_lookup', 'lookups', 'integer'],
  ['mikro_orm_migrations', 'id', 'integer'],
  ['mikro_orm_migrations', 'name', 'character varying(255)'],
  ['mikro_orm_migrations', 'executed_at', 'timestamp(6) with time zone'],
];

/** M5: tables whose rows are only appended; the probes insert a row of these values with the probed column replaced. */
const APPEND_ONLY_ROWS: Record<string, Record<string, string>> = {
  background_read: { at: 'now()', reader_kind: "'USER'", card_id: 'gen_random_uuid()' },
};

/**
 * MikroORM's migration log: written only by the migrator, from the class
 * names listed in src/migrations/index.ts, never from a request. Its `name`
 * is the one string column without a CHECK, and the only exception here.
 */
const MIGRATION_LOG = 'mikro_orm_migrations';

/**
 * `cards.card_status`, the view the usage subgraph reads inside its own
 * transaction (R13, ARCHITECTURE "Data ownership"): its columns are a
 * contract, and carry only what a venue may know (R29).
 */
const CARD_STATUS_VIEW: readonly (readonly [column: string, type: string])[] = [
  ['code', 'character varying(20)'],
  ['kind', 'text'],
  ['state', 'text'],
  ['granted_on', 'date'],
  ['valid_until', 'date'],
  ['closed_on', 'date'],
  ['child_ticket_limit', 'smallint'],
  // For usage's outbox only (distinct cards used, R25); an id, nothing of the holder.
  ['card_id', 'uuid'],
];

interface Column {
  relation: string;
  kind: 'table' | 'view' | 'other';
  column: string;
  attnum: number;
  type: string;
  /** pg_type.typcategory of the column's type, or of its element type for arrays ('S' string, 'U' user-defined incl. json/bytea…). */
  category: string;
  isArray: boolean;
}

interface Check {
  relation: string;
  name: string;
  columns: number[];
  definition: string;
}

let db: TestDatabase;
let orm: MikroORM;
let client: pg.Client;

beforeAll(async () => {
  db = await createTestDatabase(inject('pgAdminUrl'));
  orm = await createOrm(db.url);
  await migrate(orm);
  // Rows in every table, for the probes that try to write personal data.
  await seedDemoCards(orm.em.fork());
  client = new pg.Client({ connectionString: db.url });
  await client.connect();
});

afterAll(async () => {
  await client?.end();
  await orm?.close();
  await db?.drop();
});

async function columnsOf(schema = 'cards'): Promise<Column[]> {
  const { rows } = await client.query<Column>(
    `select c.relname as relation,
            case c.relkind when 'r' then 'table' when 'p' then 'table' when 'v' then 'view' else 'other' end as kind,
            a.attname as column, a.attnum as attnum, format_type(a.atttypid, a.atttypmod) as type,
            coalesce(elem.typcategory, t.typcategory) as category, t.typcategory = 'A' as "isArray"
       from pg_attribute a
       join pg_class c on c.oid = a.attrelid
       join pg_namespace n on n.oid = c.relnamespace
       join pg_type t on t.oid = a.atttypid
       left join pg_type elem on elem.oid = t.typelem and t.typcategory = 'A'
      where n.nspname = $1 and a.attnum > 0 and not a.attisdropped and c.relkind in ('r', 'p', 'v', 'm', 'f')
      order by c.relname, a.attnum`,
    [schema],
  );
  return rows;
}

async function checksOf(schema = 'cards'): Promise<Check[]> {
  const { rows } = await client.query<Check>(
    `select cl.relname as relation, co.conname as name, co.conkey as columns, pg_get_constraintdef(co.oid) as definition
       from pg_constraint co
       join pg_class cl on cl.oid = co.conrelid
       join pg_namespace n on n.oid = cl.relnamespace
      where n.nspname = $1 and co.contype = 'c' and co.convalidated`,
    [schema],
  );
  return rows;
}

/**
 * A CHECK that closes a string column: it names only that column and either
 * lists the values (`= ANY (ARRAY[…])`, or `<@ ARRAY[…]` for an array) or
 * matches an anchored pattern of upper-case ASCII letters and digits only
 * (`^[A-Z0-9]{4,20}$`), which cannot form a space, a dot, a hyphen or a
 * lower-case letter — so no "Matti Meikäläinen", "131052-308T",
 * "Hämeenkatu 1" or "1952-10-13".
 */
function closes(check: Check, column: Column): boolean {
  if (check.columns.length !== 1 || check.columns[0] !== column.attnum) return false;
  const name = `\\(*"?${column.column}"?\\)*(::text)?`;
  const list = new RegExp(`^CHECK \\(+${name} (= ANY|<@) \\(?ARRAY\\[('[A-Z0-9_]+'::text(, )?)+\\]\\)*$`);
  const pattern = new RegExp(`^CHECK \\(+${name} ~ '\\^(\\[(A-Z|0-9)+\\]\\{\\d+(,\\d+)?\\})+\\$'::text\\)+$`);
  return list.test(check.definition) || pattern.test(check.definition);
}

/** What is wrong with the schema from R9's point of view; empty when nothing. */
async function privacyProblems(): Promise<string[]> {
  const problems: string[] = [];
  const columns = await columnsOf();
  const checks = await checksOf();
  const allowed = new Set(ALLOWED_COLUMNS.map(([table, column, type]) => `${table}.${column} ${type}`));
  for (const column of columns.filter((c) => c.kind !== 'view')) {
    const id = `cards.${column.relation}.${column.column} (${column.type})`;
    if (!allowed.has(`${column.relation}.${column.column} ${column.type}`)) {
      problems.push(`${id} is not in the R9 allow-list: make sure it cannot hold a name, identity code, birth date or address, then add it`);
    }
    if (column.relation === MIGRATION_LOG) continue;
    if (column.category === 'S' && !checks.some((check) => check.relation === column.relation && closes(check, column))) {
      problems.push(`${id} can hold free text: R9 needs a CHECK that limits it to a closed list or an anchored pattern`);
    }
    if (['json', 'jsonb', 'bytea', 'xml', 'hstore', 'citext', 'tsvector'].some((t) => column.type.startsWith(t))) {
      problems.push(`${id} can hold anything: R9 allows only typed, closed columns`);
    }
    if (/date|time/.test(column.type) && /birth|born|dob|synt|fodd|föd/i.test(column.column)) {
      problems.push(`${id} looks like a birth date: R8 keeps a birth year only`);
    }
    if (/name|first|last|surname|address|street|osoite|hetu|ssn|identity|henkilo|phone|email|mail/i.test(column.column)) {
      problems.push(`${id} is named like personal data`);
    }
  }
  const tables = new Set(columns.filter((c) => c.kind === 'table').map((c) => c.relation));
  for (const table of new Set(ALLOWED_COLUMNS.map(([t]) => t))) if (!tables.has(table)) problems.push(`cards.${table} is gone: update the allow-list`);
  for (const other of columns.filter((c) => c.kind === 'other')) problems.push(`cards.${other.relation} is neither a table nor a view`);
  return problems;
}

describe('R9: the cards schema cannot hold data that identifies a person', () => {
  it('R9: every column is in the allow-list, and every string column is closed by a CHECK', async () => {
    const problems = await privacyProblems();
    expect(problems, problems.join('\n')).toEqual([]);
    // The allow-list is exact: a column that disappeared must leave it too.
    const present = new Set((await columnsOf()).filter((c) => c.kind === 'table').map((c) => `${c.relation}.${c.column} ${c.type}`));
    expect(ALLOWED_COLUMNS.map(([t, c, type]) => `${t}.${c} ${type}`).filter((entry) => !present.has(entry))).toEqual([]);
  });

  it('R9: the inspection catches a new free-text column (`notes text`), an unchecked varchar and a birth date', async () => {
    await client.query('begin');
    try {
      await client.query('alter table cards.card add column notes text');
      await client.query('alter table cards.background add column holder varchar(50)');
      await client.query('alter table cards.background add column birth_date date');
      const problems = await privacyProblems();
      expect(problems).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^cards\.card\.notes \(text\) is not in the R9 allow-list/),
          expect.stringMatching(/^cards\.card\.notes \(text\) can hold free text/),
          expect.stringMatching(/^cards\.background\.holder \(character varying\(50\)\) can hold free text/),
          expect.stringMatching(/^cards\.background\.birth_date \(date\) looks like a birth date/),
        ]),
      );
      // A CHECK that mentions the column but does not close it is not enough.
      await client.query("alter table cards.card add constraint card_notes_check check (length(notes) < 200)");
      expect(await privacyProblems()).toEqual(expect.arrayContaining([expect.stringMatching(/^cards\.card\.notes \(text\) can hold free text/)]));
    } finally {
      await client.query('rollback');
    }
    expect(await privacyProblems()).toEqual([]);
  });

  it('R9: no date column is named like a birth date (R8 keeps the birth year only)', async () => {
    const dates = (await columnsOf()).filter((c) => c.type === 'date');
    expect(dates.length).toBeGreaterThan(0);
    expect(dates.filter((c) => /birth|born|dob|synt|föd|fodd/i.test(c.column))).toEqual([]);
    const birthYear = (await columnsOf()).find((c) => c.relation === 'background' && c.column === 'birth_year');
    expect(birthYear?.type).toBe('smallint');
  });

  it.each([
    ['a name', 'Matti Meikäläinen'],
    ['a personal identity code', '131052-308T'],
    ['an address', 'Hämeenkatu 1 A 2'],
    ['a birth date', '1952-10-13'],
    ['a lower-case name', 'matti'],
  ])('R9: the database itself refuses %s in every string column', async (_label, value) => {
    const stringColumns = (await columnsOf()).filter((c) => c.kind === 'table' && c.category === 'S' && c.relation !== MIGRATION_LOG);
    expect(stringColumns.map((c) => `${c.relation}.${c.column}`).sort()).toEqual(
      [
        'background.gender',
        'background.life_situations',
        'background.mother_tongue',
        'background.postal_code',
        'background_read.reader_kind',
        'background_read.role',
        'card.code',
        'card.kind',
        'card.out_of_use_reason',
        'card.state',
        'card_history.kind',
        'card_history.out_of_use_reason',
        'outbox.card_kind',
        'outbox.children_band',
        'outbox.gender',
        'outbox.life_situations',
        'outbox.mother_tongue',
        'outbox.postal_area',
        'outbox.type',
      ].sort(),
    );
    for (const column of stringColumns) {
      await client.query('begin');
      try {
        const written = client.query(probeWrite(column), [column.isArray ? [value] : value]);
        // 23514 check_violation; 22001 when the value does not even fit (postal_code is varchar(5)).
        const error = await written.then(() => null, (e: { code?: string }) => e);
        expect(error?.code, `${column.relation}.${column.column} took ${JSON.stringify(value)}`).toMatch(/^(23514|22001)$/);
      } finally {
        await client.query('rollback');
      }
    }
  });

  /** Writes $1 into the column: an update of some row, or for an append-only table (whose trigger refuses any update first) an insert. */
  function probeWrite(column: Column): string {
    const insert = APPEND_ONLY_ROWS[column.relation];
    if (!insert) return `update cards.${column.relation} set "${column.column}" = $1 where ctid = (select ctid from cards.${column.relation} limit 1)`;
    const values = { ...insert, [column.column]: '$1' };
    return `insert into cards.${column.relation} (${Object.keys(values).map((name) => `"${name}"`).join(', ')}) values (${Object.values(values).join(', ')})`;
  }

  it('R13, R29: the card_status view publishes exactly its contract columns, nothing of the holder', async () => {
    const view = (await columnsOf()).filter((c) => c.relation === 'card_status');
    expect(view.every((c) => c.kind === 'view')).toBe(true);
    expect(view.map((c) => [c.column, c.type])).toEqual(CARD_STATUS_VIEW.map(([c, t]) => [c, t]));
    // Built on cards.card alone: background data cannot ride along.
    const { rows } = await client.query<{ source: string }>(
      `select distinct source.relname as source
         from pg_depend d
         join pg_rewrite r on r.oid = d.objid
         join pg_class v on v.oid = r.ev_class
         join pg_class source on source.oid = d.refobjid
        where v.relname = 'card_status' and v.relnamespace = 'cards'::regnamespace and source.oid <> v.oid`,
    );
    expect(rows.map((r) => r.source)).toEqual(['card']);
  });

  it('R9: the only schema the cards migrations touch is `cards`', async () => {
    const { rows } = await client.query<{ schema: string }>(
      "select distinct table_schema as schema from information_schema.tables where table_schema not in ('pg_catalog', 'information_schema')",
    );
    expect(rows.map((r) => r.schema)).toEqual(['cards']);
  });
});
