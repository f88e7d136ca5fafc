/**
 * Creates a migration for one subgraph from the difference between its
 * entities and its already committed migrations:
 *
 *   npm run migration:create -- <organizations|cards|usage|statistics> [name]
 *
 * It migrates a scratch database (DATABASE_URL's server, else an embedded one)
 * to the current state, lets MikroORM write the diff as a TypeScript migration
 * into src/migrations, and regenerates src/migrations/index.ts.
 */
import { readdir, writeFile } from 'node:fs/promises';
import { ensureDatabase, dropDatabase, migrate, withDatabase } from '@kaikukanta/kit';
import { scratchServer, uniqueDatabaseName } from './lib/database.ts';
import { loadSubgraph, SUBGRAPHS, type SubgraphName } from './lib/subgraphs.ts';

const [name, label] = process.argv.slice(2);
if (!SUBGRAPHS.includes(name as SubgraphName)) {
  console.error(`usage: npm run migration:create -- <${SUBGRAPHS.join('|')}> [name]`);
  process.exit(2);
}
const subgraph = await loadSubgraph(name as SubgraphName);
const server = await scratchServer();
const database = uniqueDatabaseName('kk_migration');
try {
  await ensureDatabase(server.adminUrl, database);
  const orm = await subgraph.createOrm(withDatabase(server.adminUrl, database));
  try {
    await migrate(orm);
    const result = await orm.migrator.create(undefined, false, false, label);
    if (!result.fileName) console.log(`${name}: entities and migrations agree; nothing to create.`);
    else console.log(`${name}: created src/migrations/${result.fileName}`);
  } finally {
    await orm.close();
  }
  await writeIndex(name as SubgraphName);
} finally {
  await dropDatabase(server.adminUrl, database).catch(() => undefined);
  await server.stop();
}

async function writeIndex(subgraphName: SubgraphName): Promise<void> {
  const dir = new URL(`../subgraphs/${subgraphName}/src/migrations/`, import.meta.url);
  const files = (await readdir(dir)).filter((f) => /^Migration\d+.*\.ts$/.test(f)).sort();
  const names = files.map((f) => f.replace(/\.ts$/, ''));
  const classOf = (file: string) => file.replace(/[^A-Za-z0-9_]/g, '_');
  const source = [
    "import type { MigrationObject } from '@kaikukanta/kit';",
    ...names.map((n) => `import { ${classOf(n)} } from './${n}.js';`),
    '',
    '/** Every committed migration, in order. `npm run migration:create` regenerates this file. */',
    'export const migrations: MigrationObject[] = [',
    ...names.map((n) => `  { name: '${n}', class: ${classOf(n)} },`),
    '];',
    '',
  ].join('\n');
  await writeFile(new URL('index.ts', dir), source);
}
