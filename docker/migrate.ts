/**
 * The compose `migrate` service (decision 0010): with the superuser's
 * DATABASE_URL, creates or updates each subgraph's role with the password
 * from `<NAME>_DB_PASSWORD`, migrates every schema as its owner role and
 * grants what each subgraph may read. Runs to completion before any subgraph
 * starts; the subgraphs never see the superuser's URL.
 */
import { prepareDatabase, SUBGRAPH_NAMES, type OrmFactory, type SubgraphName } from '@kaikukanta/kit';

function fail(message: string): never {
  console.error(`[kaikukanta] migrate: ${message}`);
  return process.exit(64);
}

const adminUrl = process.env.DATABASE_URL?.trim() || fail('DATABASE_URL (the superuser connection) is required');
const passwords = Object.fromEntries(
  SUBGRAPH_NAMES.map((name) => {
    const variable = `${name.toUpperCase()}_DB_PASSWORD`;
    const password = process.env[variable]?.trim() ?? '';
    // It goes into the subgraph's DATABASE_URL as it is (compose.yaml), so it must be URL-safe.
    if (!/^[A-Za-z0-9._~-]{16,}$/.test(password)) fail(`${variable} must be at least 16 URL-safe characters (e.g. openssl rand -hex 24)`);
    return [name, password];
  }),
) as Record<SubgraphName, string>;
const orms = Object.fromEntries(
  await Promise.all(
    SUBGRAPH_NAMES.map(async (name) => {
      const module = (await import(new URL(`../subgraphs/${name}/dist/orm.js`, import.meta.url).href)) as { createOrm: OrmFactory };
      return [name, module.createOrm] as const;
    }),
  ),
) as Record<SubgraphName, OrmFactory>;

try {
  const { applied } = await prepareDatabase(adminUrl, orms, passwords);
  console.log(JSON.stringify({ level: 30, time: Date.now(), msg: 'database roles, migrations and grants are in place', applied }));
} catch (error) {
  const { code, message } = error as { code?: string; message?: string };
  fail(`${code ? `${code} ` : ''}${message ?? String(error)}`);
}
