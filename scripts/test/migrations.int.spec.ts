import { migrate, schemaDrift } from '@kaikukanta/kit';
import { createTestDatabase } from '@kaikukanta/kit/testing';
import { describe, expect, inject, it } from 'vitest';
import { loadSubgraph, SUBGRAPHS } from '../lib/subgraphs.ts';

/**
 * The migration check: on an empty database, each subgraph's committed
 * migrations must produce exactly what its entities describe. A changed
 * entity without `npm run migration:create` fails here.
 */
describe.each(SUBGRAPHS)('%s migrations', (name) => {
  it('bring an empty database exactly to the entities, and a second run applies nothing', async () => {
    const db = await createTestDatabase(inject('pgAdminUrl'), `kk_mig_${name}`);
    const subgraph = await loadSubgraph(name);
    const orm = await subgraph.createOrm(db.url);
    try {
      const applied = await migrate(orm);
      expect(applied.length).toBeGreaterThan(0);
      expect(await schemaDrift(orm)).toBe('');
      expect(await migrate(orm)).toEqual([]);
      // Each subgraph writes only into its own schema (ARCHITECTURE "Data ownership").
      const schemas: { schema: string }[] = await orm.em
        .getConnection()
        .execute("select distinct table_schema as schema from information_schema.tables where table_schema not in ('pg_catalog', 'information_schema')");
      expect(schemas.map((s) => s.schema)).toEqual([name]);
    } finally {
      await orm.close();
      await db.drop();
    }
  });
});

describe('migrations on start', () => {
  it('two replicas starting at once on an empty database take turns: one applies, the other finds nothing to do', async () => {
    const db = await createTestDatabase(inject('pgAdminUrl'), 'kk_mig_race');
    const subgraph = await loadSubgraph('cards');
    const [first, second] = await Promise.all([subgraph.createOrm(db.url), subgraph.createOrm(db.url)]);
    try {
      const results = await Promise.all([migrate(first), migrate(second)]);
      const [a, b] = results.map((applied) => applied.length) as [number, number];
      expect(Math.min(a, b)).toBe(0);
      expect(Math.max(a, b)).toBeGreaterThan(0);
      expect(await schemaDrift(first)).toBe('');
    } finally {
      await Promise.all([first.close(), second.close()]);
      await db.drop();
    }
  });
});

describe('database sessions', () => {
  it('carry statement, lock and idle-in-transaction timeouts, so an abandoned request cannot hold a connection or a row lock', async () => {
    const db = await createTestDatabase(inject('pgAdminUrl'), 'kk_timeouts');
    const orm = await (await loadSubgraph('cards')).createOrm(db.url);
    try {
      const [row] = await orm.em
        .fork()
        .getConnection()
        .execute<{ s: string; l: string; i: string }[]>("select current_setting('statement_timeout') as s, current_setting('lock_timeout') as l, current_setting('idle_in_transaction_session_timeout') as i");
      expect(row).toEqual({ s: '15s', l: '10s', i: '1min' });
    } finally {
      await orm.close();
      await db.drop();
    }
  });
});
