import pg from 'pg';
import { AGENT_CLIENT_COLUMNS, AGENT_CLIENT_VIEW, PROVIDER_SCOPE_COLUMNS, PROVIDER_SCOPE_VIEW, type AgentClientRow, type ProviderScopeRow, type ViewColumns } from '../contracts/organizations.js';

/**
 * Stand-ins for the views organizations publishes (kit/contracts/organizations.ts), for a subgraph's
 * integration tests: plain tables with exactly the contract's names and columns, filled with the rows a test
 * needs. Readers are tested against the contract, not against organizations' code (which their tests may not
 * import); the owner's contract test holds the real views to the same columns.
 */
export interface OrganizationsViewsFixture {
  providers(rows: readonly ProviderScopeRow[]): Promise<void>;
  clients(rows: readonly AgentClientRow[]): Promise<void>;
  /** Removes a ticket agent's client link (R18), as organizations would. */
  unlink(row: AgentClientRow): Promise<void>;
}

const table = (columns: ViewColumns) => columns.map(([column, type]) => `"${column}" ${type}`).join(', ');

async function run(url: string, text: string, values: unknown[] = []): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text, values);
  } finally {
    await client.end();
  }
}

async function insert(url: string, target: { schema: string; view: string }, columns: ViewColumns, rows: readonly object[]): Promise<void> {
  if (!rows.length) return;
  const names = columns.map(([column]) => column);
  const values = rows.flatMap((row) => names.map((name) => (row as Record<string, unknown>)[name]));
  const tuples = rows.map((_, r) => `(${names.map((_, c) => `$${r * names.length + c + 1}`).join(', ')})`).join(', ');
  await run(url, `insert into "${target.schema}"."${target.view}" (${names.map((n) => `"${n}"`).join(', ')}) values ${tuples}`, values);
}

/** Creates the stand-ins in the (superuser) database `url`; the schema must not exist yet. */
export async function createOrganizationsViewsFixture(url: string): Promise<OrganizationsViewsFixture> {
  await run(
    url,
    `create schema "${PROVIDER_SCOPE_VIEW.schema}";
     create table "${PROVIDER_SCOPE_VIEW.schema}"."${PROVIDER_SCOPE_VIEW.view}" (${table(PROVIDER_SCOPE_COLUMNS)});
     create table "${AGENT_CLIENT_VIEW.schema}"."${AGENT_CLIENT_VIEW.view}" (${table(AGENT_CLIENT_COLUMNS)});`,
  );
  return {
    providers: (rows) => insert(url, PROVIDER_SCOPE_VIEW, PROVIDER_SCOPE_COLUMNS, rows),
    clients: (rows) => insert(url, AGENT_CLIENT_VIEW, AGENT_CLIENT_COLUMNS, rows),
    unlink: ({ agent_id, provider_id }) => run(url, `delete from "${AGENT_CLIENT_VIEW.schema}"."${AGENT_CLIENT_VIEW.view}" where agent_id = $1 and provider_id = $2`, [agent_id, provider_id]),
  };
}
