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
