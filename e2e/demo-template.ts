import pg from 'pg';
import { applyGrants, dropRoles, provisionRoles, SUBGRAPH_NAMES, subgraphRoles, todayInFinland, withDatabase, type SubgraphName } from '@kaikukanta/kit';
import { freePort } from '@kaikukanta/kit/embedded';
import { migrateSystem } from '../scripts/lib/migrate.ts';
import { startSystem } from '../scripts/lib/system.ts';
import { SUBGRAPHS } from '../scripts/lib/subgraphs.ts';

/**
 * The demo data seeded once per test run and copied for each end-to-end file (`CREATE DATABASE … TEMPLATE`),
 * instead of every file's four subgraphs seeding it again through the real write path (half of a system's start).
 * The template is built the way `npm start` seeds (SEED_DEMO_DATA, the real processes) by whichever file asks
 * first, under a server-wide advisory lock the others wait on; it is named after the run and the Finnish day, so a
 * run that crosses midnight seeds a new one (the demo's events are placed relative to today).
 */
const READY = 'kaikukanta demo template: ready';

/** Template databases of run `prefix` (the global setup's), one per Finnish day. */
export function templateName(prefix: string): string {
  return `${prefix}_${todayInFinland().replaceAll('-', '')}`;
}

/**
 * A new database `name` holding the demo data, owned and granted as the migrate step leaves a database
 * (decision 0010: each subgraph's roles named after `name`). Returns each subgraph's connection URL.
 */
export async function cloneDemoDatabase(adminUrl: string, prefix: string, name: string): Promise<Record<SubgraphName, string>> {
  const template = templateName(prefix);
  const admin = new pg.Client({ connectionString: adminUrl });
  admin.on('error', () => undefined);
  await admin.connect();
  try {
    // One builder per server at a time; a waiter finds the template ready (or half-built by a builder that died: rebuilt).
    await admin.query('select pg_advisory_lock(hashtext($1))', [template]);
    try {
      const { rows } = await admin.query<{ ready: boolean }>('select shobj_description(oid, $2) = $3 as ready from pg_database where datname = $1', [template, 'pg_database', READY]);
      if (!rows[0]?.ready) await buildTemplate(adminUrl, admin, template);
      await admin.query(`create database "${name}" template "${template}"`);
    } finally {
      await admin.query('select pg_advisory_unlock(hashtext($1))', [template]);
    }
  } finally {
    await admin.end();
  }
  const url = withDatabase(adminUrl, name);
  // The copy's objects still belong to the template's roles: its own roles take them over, the template's lose every grant.
  const urls = await provisionRoles(url);
  const clone = new pg.Client({ connectionString: url });
  clone.on('error', () => undefined);
  await clone.connect();
  try {
    for (const subgraph of SUBGRAPH_NAMES) {
      const from = subgraphRoles(template, subgraph);
      const to = subgraphRoles(name, subgraph);
      await clone.query(`reassign owned by "${from.owner}" to "${to.owner}"`);
      await clone.query(`reassign owned by "${from.login}" to "${to.login}"`);
      // One role at a time: a default privilege of the owner's names the login too, and one statement for both fails on it.
      await clone.query(`drop owned by "${from.owner}"`);
      await clone.query(`drop owned by "${from.login}"`);
    }
  } finally {
    await clone.end();
  }
  await applyGrants(url);
  return urls;
}

async function buildTemplate(adminUrl: string, admin: pg.Client, template: string): Promise<void> {
  await admin.query(`drop database if exists "${template}" with (force)`);
  await admin.query(`create database "${template}"`);
  const { urls } = await migrateSystem(withDatabase(adminUrl, template));
  const gatewayPort = await freePort();
  const subgraphPorts = Object.fromEntries(await Promise.all(SUBGRAPHS.map(async (subgraph) => [subgraph, await freePort()] as const)));
  // The seeds run as each service starts (SEED_DEMO_DATA); ready means they are written.
  const system = await startSystem({
    databaseUrls: urls,
    gatewayPort,
    subgraphPorts,
    quiet: !process.env.E2E_LOGS,
    env: { SEED_DEMO_DATA: 'true', LOG_LEVEL: 'warn', STATISTICS_PUBLISH_INTERVAL_MS: '0' },
  });
  const exits = await system.stop();
  const unclean = exits.filter((exit) => exit.code !== 0);
  if (unclean.length) throw new Error(`demo template: not stopped cleanly: ${unclean.map((exit) => exit.name).join(', ')}`);
  await admin.query(`comment on database "${template}" is '${READY}'`);
}

/** Drops run `prefix`'s templates and their roles (the global teardown, after every copy is gone). */
export async function dropDemoTemplates(adminUrl: string, prefix: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  admin.on('error', () => undefined);
  await admin.connect();
  try {
    const { rows } = await admin.query<{ datname: string }>('select datname from pg_database where datname like $1', [`${prefix}\\_%`]);
    for (const { datname } of rows) {
      await admin.query(`drop database if exists "${datname}" with (force)`);
      await dropRoles(adminUrl, datname);
    }
  } finally {
    await admin.end();
  }
}
