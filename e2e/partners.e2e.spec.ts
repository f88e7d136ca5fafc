import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { DEMO } from '@kaikukanta/kit';
import { GENERIC_MESSAGES } from '@kaikukanta/kit/errors';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startE2ESystem, type E2ESystem } from './support.ts';

/**
 * docs/partners cannot drift from the API: both examples run against the real system (gateway, four subgraphs,
 * demo data) and their output is asserted step by step, and the README's error-code list is checked against the
 * codes the usage and cards subgraphs' error files can produce.
 */

const root = path.resolve(import.meta.dirname, '..');
const examples = path.join(root, 'docs/partners/examples');
const run = promisify(execFile);

let sut: E2ESystem;
let db: pg.Client;

beforeAll(async () => {
  sut = await startE2ESystem(inject('pgAdminUrl'));
  db = new pg.Client({ connectionString: sut.db.url });
  await db.connect();
});

afterAll(async () => {
  await db?.end();
  await sut?.teardown();
});

/** The example's lines, `<step> key=value key="a value"`, by step. */
function steps(stdout: string): Record<string, Record<string, string>> {
  return Object.fromEntries(
    stdout
      .trim()
      .split('\n')
      .map((line) => {
        const [step = '', ...rest] = line.split(' ');
        const fields = Object.fromEntries([...rest.join(' ').matchAll(/(\w+)=("([^"]*)"|\S*)/g)].map((m) => [m[1], m[3] ?? m[2] ?? '']));
        return [step, fields];
      }),
  );
}

async function runExample(command: string, args: string[]): Promise<Record<string, Record<string, string>>> {
  const { stdout } = await run(command, args, {
    cwd: root,
    timeout: 60_000,
    env: {
      PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}`,
      HOME: process.env.HOME ?? '/tmp',
      GATEWAY_URL: sut.graphqlUrl,
      API_KEY: DEMO.apiKey,
    },
  });
  return steps(stdout);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe.each([
  { example: 'flow.sh', command: 'bash', args: [path.join(examples, 'flow.sh')] },
  { example: 'client.ts', command: process.execPath, args: [path.join(examples, 'client.ts')] },
])('docs/partners/examples/$example against the real system', ({ command, args }) => {
  let out: Record<string, Record<string, string>>;

  beforeAll(async () => {
    out = await runExample(command, args);
  });

  it('authenticates with the partner key and finds a client provider’s event', () => {
    expect(out.key).toMatchObject({ name: 'Lippupalvelu – demo partner system', scopes: 'CARD_STATUS_READ,USAGE_WRITE' });
    expect(out.event?.id).toMatch(UUID);
    expect(out.event?.day).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('reads the card status for the event’s day: usable, kind, last valid day, child tickets (R29)', () => {
    expect(out.status).toMatchObject({ code: 'AM99001000', usable: 'true', kind: 'PERSONAL', childTicketLimit: '2' });
    expect(out.status?.lastValidDay).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('registers, and a retry with the same key answers the first use without writing', async () => {
    expect(out.registered).toMatchObject({ replayed: 'false', childTickets: '1' });
    expect(out.registered?.usage).toMatch(UUID);
    expect(out.retried).toEqual({ usage: out.registered?.usage, replayed: 'true' });
    expect(out.reused).toEqual({ code: 'IDEMPOTENCY_KEY_REUSED' });
    const { rows } = await db.query('select child_tickets, cancel_reason from usage.usage where id = $1', [out.registered?.usage]);
    expect(rows).toEqual([{ child_tickets: 1, cancel_reason: 'TICKET_RETURNED' }]);
  });

  it('registers an offline capture once, with its capture time, however often it is sent', async () => {
    expect(out.offline?.usage).toMatch(UUID);
    expect(out.offline).toMatchObject({ resent: out.offline?.usage, replayed: 'true' });
    const { rows } = await db.query<{ captured_at: Date; registered_at: Date }>('select captured_at, registered_at from usage.usage where id = $1', [out.offline?.usage]);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.captured_at.toISOString()).toBe(out.offline?.capturedAt);
    expect(rows[0]?.captured_at.getTime()).toBeLessThan(rows[0]?.registered_at.getTime() ?? 0);
  });

  it('registers a group visit as one action: the staff’s community card and the members’ cards', async () => {
    expect(out.group).toMatchObject({ uses: '3', cards: 'AM99001048:COMMUNITY,AM99001002:PERSONAL,AM99001003:PERSONAL' });
    const { rows } = await db.query('select count(*)::int as n from usage.usage where group_id = $1', [out.group?.id]);
    expect(rows[0]?.n).toBe(3);
  });

  it('shows a refusal’s code, field and message', () => {
    expect(out.refused).toEqual({ code: 'CARD_OUT_OF_USE', field: 'cardCode', message: 'The card has been taken out of use.' });
  });

  it('cancels the first use, idempotently, and gives its place back', async () => {
    expect(out.cancelled).toEqual({ usage: out.registered?.usage, reason: 'TICKET_RETURNED', replayed: 'true' });
    const { rows } = await db.query<{ used: number; held: number }>(
      `select e.used, (select count(*)::int from usage.usage u where u.event_id = e.id and u.cancelled_at is null) as held
       from usage.event e where e.id = $1`,
      [out.event?.id],
    );
    expect(rows[0]?.used).toBe(rows[0]?.held);
  });
});

describe('docs/partners/README.md error codes', () => {
  const SECTION = /<!-- error-codes:start -->([\s\S]*?)<!-- error-codes:end -->/;

  async function documented(): Promise<Set<string>> {
    const readme = await readFile(path.join(root, 'docs/partners/README.md'), 'utf8');
    const section = SECTION.exec(readme)?.[1] ?? '';
    return new Set([...section.matchAll(/^\| `([A-Z][A-Z0-9_]*)` \|/gm)].map((m) => m[1] as string));
  }

  async function sources(dir: string, match: (file: string) => boolean): Promise<string[]> {
    const entries = await readdir(path.join(root, dir), { recursive: true });
    const files = entries.filter((file) => match(file) && !file.endsWith('.spec.ts')).sort();
    return Promise.all(files.map((file) => readFile(path.join(root, dir, file), 'utf8')));
  }

  /** Every `extensions.code` an error file of the usage or cards subgraph can produce. */
  async function subgraphCodes(): Promise<Set<string>> {
    const texts = [...(await sources('subgraphs/usage/src', (f) => f.endsWith('.errors.ts'))), ...(await sources('subgraphs/cards/src', (f) => f.endsWith('.errors.ts')))];
    expect(texts.length).toBeGreaterThanOrEqual(4);
    const codes = new Set<string>();
    const HELPERS: Record<string, string> = { badInput: 'BAD_USER_INPUT', forbidden: 'FORBIDDEN', unauthenticated: 'UNAUTHENTICATED', notFound: 'NOT_FOUND', personalIdentityCodeRefused: 'PERSONAL_DATA_REFUSED' };
    for (const text of texts) {
      for (const m of text.matchAll(/new AppError\(\s*'([A-Z][A-Z0-9_]*)'/g)) codes.add(m[1] as string);
      // A code chosen in an expression (registrationRefused: GROUP_REFUSED or the first problem's code).
      for (const m of text.matchAll(/\bcode = [^;\n]*?'([A-Z][A-Z0-9_]*)'/g)) codes.add(m[1] as string);
      for (const [helper, code] of Object.entries(HELPERS)) if (new RegExp(`\\b${helper}\\(`).test(text)) codes.add(code);
      // Registration problems: each one is the code of a single refusal and of a usageCheck problem.
      const problems = /export const PROBLEM_MESSAGES = \{([\s\S]*?)\n\} satisfies/.exec(text)?.[1];
      for (const m of problems?.matchAll(/^ {2}([A-Z][A-Z0-9_]*): \{/gm) ?? []) codes.add(m[1] as string);
    }
    return codes;
  }

  it('lists every code the usage and cards subgraphs can refuse with', async () => {
    const docs = await documented();
    const codes = await subgraphCodes();
    expect(codes.size).toBeGreaterThan(30);
    expect([...codes].filter((code) => !docs.has(code)).sort(), 'codes missing from docs/partners/README.md').toEqual([]);
  });

  it('lists the kit’s generic codes', async () => {
    const docs = await documented();
    expect(Object.keys(GENERIC_MESSAGES).filter((code) => !docs.has(code))).toEqual([]);
  });

  it('lists no code that nothing produces', async () => {
    const docs = await documented();
    const codes = await subgraphCodes();
    // General codes come from the kit or the gateway (e.g. QUERY_TOO_COMPLEX, GRAPHQL_VALIDATION_FAILED): quoted there.
    const shared = [...(await sources('subgraphs/kit/src', (f) => f.endsWith('.ts'))), ...(await sources('gateway/src', (f) => f.endsWith('.ts')))].join('\n');
    const generic = new Set(Object.keys(GENERIC_MESSAGES));
    const unknown = [...docs].filter((code) => !codes.has(code) && !generic.has(code) && !shared.includes(`'${code}'`)).sort();
    expect(unknown, 'codes in docs/partners/README.md that no source produces').toEqual([]);
  });
});
