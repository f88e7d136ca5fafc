/**
 * The gateway's four workloads (issue 12) — card status, the public network page, a card registration, the
 * statistics dashboard — their callers and closed-loop drivers: bench/gateway.ts times each one alone and all at
 * once, bench/usage-registration.ts runs them as background load while it times registrations.
 */
import { createHash, randomBytes } from 'node:crypto';
import type pg from 'pg';
import { DEMO } from '@kaikukanta/kit';
import { Agent, request } from 'undici';
import type { SubgraphName } from '../../scripts/lib/subgraphs.ts';

const REQUEST_TIMEOUT_MS = 15_000;

export type Caller = 'partner' | 'distributor' | 'analyst' | 'anonymous';

export interface Workload {
  name: string;
  /** The subgraph that owns every field, for the direct side; none when the operation spans several. */
  subgraph?: SubgraphName;
  caller: Caller;
  query: string;
  variables: (n: number) => Record<string, unknown>;
  /** Throws on a wrong answer: a broken side must fail, not look fast. */
  check: (data: Record<string, unknown>) => void;
}

/** The web app's `Network` query (web/src/lib/graphql/network.graphql): the public network page, four subgraphs. */
const NETWORK = `query Network {
  regions { id code name { fi sv en } municipalities { code }
    organizations { id name kinds venueType field active registeredCardCount municipality { code name { fi sv en } } upcomingEvents { id } } }
  nationalSummary { cardsRegistered cardsUsed uses updatedAt roundedDownTo }
}`;
const STAT_USAGE = 'uses { value suppressed } adultTickets { value suppressed } childTickets { value suppressed } distinctCards { value suppressed }';
const DASHBOARD = `query StatisticsDashboard($period: PeriodInput!, $daily: Boolean!) {
  statistics(period: $period) {
    scopeKind scopeId suppressionApplied suppressedCount
    cards { granted { value suppressed } active { value suppressed } }
    usage { ${STAT_USAGE} }
    byMonth @skip(if: $daily) { key usage { ${STAT_USAGE} } }
    byDay @include(if: $daily) { key usage { ${STAT_USAGE} } }
    byField { key usage { ${STAT_USAGE} } }
    byVenueType { key usage { ${STAT_USAGE} } }
    birthDecade: background(dimension: BIRTH_DECADE) { key cards { value suppressed } }
    motherTongue: background(dimension: MOTHER_TONGUE) { key cards { value suppressed } }
    gender: background(dimension: GENDER) { key cards { value suppressed } }
    postalArea: background(dimension: POSTAL_AREA) { key cards { value suppressed } }
    lifeSituation: background(dimension: LIFE_SITUATION) { key cards { value suppressed } }
    children: background(dimension: CHILDREN) { key cards { value suppressed } }
  }
}`;
const REGISTER_CARD = `mutation RegisterCard($input: RegisterCardInput!) {
  registerCard(input: $input) { id code kind state grantedOn trialEndsOn validUntil lastValidDay closedOn usableToday reasonToday childTicketLimit }
}`;

/**
 * The four workloads. `statusCodes` gives the card codes the status look-ups take in turn (read once the system
 * is up); card registrations make codes `GW00000000`, `GW00000001`… from the request's number, so `n` must not
 * repeat within a run.
 */
export function gatewayWorkloads(statusCodes: () => readonly string[]): Workload[] {
  const year = new Date().getUTCFullYear();
  return [
    {
      name: 'card status',
      subgraph: 'cards',
      caller: 'partner',
      query: 'query CardStatus($code: String!, $on: Date) { cardStatus(code: $code, on: $on) { code on usable reason kind lastValidDay childTicketLimit } }',
      variables: (n) => {
        const codes = statusCodes();
        return { code: codes[n % codes.length] };
      },
      check: (data) => {
        if (!(data.cardStatus as { code?: string } | null)?.code) throw new Error(`cardStatus: ${JSON.stringify(data)}`);
      },
    },
    {
      name: 'network page',
      caller: 'anonymous',
      query: NETWORK,
      variables: () => ({}),
      check: (data) => {
        const regions = data.regions as { organizations: unknown[] }[] | undefined;
        if (!regions?.length || !regions.some((r) => r.organizations.length) || !data.nationalSummary) throw new Error(`Network: ${JSON.stringify(data).slice(0, 300)}`);
      },
    },
    {
      name: 'card registration',
      subgraph: 'cards',
      caller: 'distributor',
      query: REGISTER_CARD,
      variables: (n) => ({ input: { code: `GW${String(n).padStart(8, '0')}`, background: { birthYear: 1980 + (n % 30), postalCode: '33100', minorChildren: n % 3 } } }),
      check: (data) => {
        if (!(data.registerCard as { id?: string } | null)?.id) throw new Error(`registerCard: ${JSON.stringify(data)}`);
      },
    },
    {
      name: 'dashboard',
      subgraph: 'statistics',
      caller: 'analyst',
      query: DASHBOARD,
      variables: () => ({ period: { from: `${year}-01-01`, to: `${year}-12-31` }, daily: false }),
      check: (data) => {
        if ((data.statistics as { scopeKind?: string } | null)?.scopeKind !== 'NATION') throw new Error(`statistics: ${JSON.stringify(data).slice(0, 300)}`);
      },
    },
  ];
}

/**
 * The load generator's HTTP client: undici's `request` on keep-alive connections, with undici's own timeouts. The
 * clients share the benchmark's two cores with the processes they measure, so their CPU is taken from every side;
 * WHATWG `fetch` (a Request, Headers and web stream per call, and `AbortSignal.timeout`'s timer) cost about twice
 * as much per request (issue 12, bench/README.md "gateway").
 */
const clients = new Agent({ keepAliveTimeout: 30_000, headersTimeout: REQUEST_TIMEOUT_MS, bodyTimeout: REQUEST_TIMEOUT_MS });

/** One operation sent to `url` and its answer checked (any error or wrong answer throws, labelled); the answer's headers. */
export async function sendWorkload(url: string, headers: Record<string, string>, workload: Workload, n: number, label: string): Promise<{ get(name: string): string | null }> {
  const res = await request(url, { method: 'POST', headers, body: JSON.stringify({ query: workload.query, variables: workload.variables(n) }), dispatcher: clients });
  const body = (await res.body.json()) as { data?: Record<string, unknown> | null; errors?: unknown[] };
  if (body.errors?.length || !body.data) throw new Error(`${label}: ${res.statusCode} ${JSON.stringify(body).slice(0, 400)}`);
  workload.check(body.data);
  return { get: (name) => [res.headers[name.toLowerCase()] ?? null].flat()[0] ?? null };
}

/** A GraphQL request to the gateway during set-up; errors throw. The data, and the session cookie it set, if any. */
export async function postGraphQL(url: string, query: string, variables: Record<string, unknown>, headers: Record<string, string>): Promise<{ data: Record<string, unknown>; cookie: string }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
  const body = (await res.json()) as { data?: Record<string, unknown> | null; errors?: unknown[] };
  if (body.errors?.length || !body.data) throw new Error(`${query.slice(0, 60)}…: ${JSON.stringify(body.errors)}`);
  return { data: body.data, cookie: (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '' };
}

/** A demo account's session cookie, logged in through the gateway. */
export async function login(gatewayUrl: string, email: string): Promise<string> {
  return (await postGraphQL(gatewayUrl, 'mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { activeMembership { id } } }', { e: email, p: DEMO.password }, {})).cookie;
}

export interface Callers {
  /** The caller's own credentials, as a client sends them to a gateway. */
  headers(caller: Caller, n: number): Record<string, string>;
  cookies: Record<'distributor' | 'analyst', string[]>;
  keys: string[];
}

/**
 * Sessions of the demo distributor and analyst (`sessions` each), and `keys` partner keys of Lippupalvelu
 * (CARD_STATUS_READ, made by the national admin), through the gateway. Sessions per person: their identities
 * differ (the session id), so concurrent requests are distinct upstream, as different people's would be.
 */
export async function signIn(gatewayUrl: string, database: pg.Client, counts: { sessions: number; keys: number; keyName: string }, log: (line: string) => void): Promise<Callers> {
  const nationalAdmin = await login(gatewayUrl, 'admin@kaikukanta.demo');
  // One login per person (logins are throttled per address), then copies of its session row with new tokens, as
  // more logins would have made them.
  const sessions = async (email: string) => {
    const cookie = await login(gatewayUrl, email);
    const [name, token] = cookie.split('=') as [string, string];
    const copies = Array.from({ length: counts.sessions - 1 }, () => randomBytes(32).toString('base64url'));
    for (const copy of copies) {
      await database.query(
        `insert into organizations.session
         select (jsonb_populate_record(null::organizations.session, to_jsonb(s) || jsonb_build_object('id', gen_random_uuid(), 'token_hash', $2::text))).*
         from organizations.session s where s.token_hash = $1`,
        [createHash('sha256').update(token).digest('hex'), createHash('sha256').update(copy).digest('hex')],
      );
    }
    return [cookie, ...copies.map((copy) => `${name}=${copy}`)];
  };
  const cookies = { distributor: await sessions('jakaja.tampere@kaikukanta.demo'), analyst: await sessions('analyytikko@kaikukanta.demo') };
  const keys: string[] = [];
  for (let i = 0; i < counts.keys; i++) {
    const { data } = await postGraphQL(
      gatewayUrl,
      'mutation ($o: ID!, $n: String!) { createApiKey(organizationId: $o, name: $n, scopes: [CARD_STATUS_READ]) { secret } }',
      { o: DEMO.organizations.lippupiste, n: `${counts.keyName} ${i + 1}` },
      { cookie: nationalAdmin },
    );
    keys.push((data.createApiKey as { secret: string }).secret);
  }
  log(`signed in the demo distributor and analyst; ${counts.keys} partner keys of Lippupalvelu (CARD_STATUS_READ)`);
  return {
    cookies,
    keys,
    headers: (caller, n): Record<string, string> =>
      caller === 'partner' ? { authorization: `Bearer ${keys[n % keys.length]}` } : caller === 'anonymous' ? {} : { cookie: cookies[caller][n % counts.sessions] as string },
  };
}

/**
 * Card-status look-ups are limited to 600 a minute per organisation (cards' LOOKUPS_PER_MINUTE, one row per
 * organisation upserted by every look-up); this forgets the counts every 50 ms, so the limit never refuses a
 * benchmark's look-up below 12 000 a second (250 ms was too seldom once a look-up cost one statement, decision 0030)
 * while each still pays its upsert. Clear the timer when done.
 */
export function forgetLookups(database: pg.Client): NodeJS.Timeout {
  return setInterval(() => void database.query('delete from cards.status_lookup').catch(() => undefined), 50);
}

/**
 * `clients` closed loops: each sends its next request when its last is answered, while `more()`; `answered` hears
 * each outcome and its latency. A failed request rejects the whole.
 */
export async function closedLoops<T>(clients: number, more: () => boolean, send: (client: number) => Promise<T>, answered: (outcome: T, ms: number) => void): Promise<void> {
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      while (more()) {
        const t = performance.now();
        const outcome = await send(client);
        answered(outcome, performance.now() - t);
      }
    }),
  );
}

export interface Background {
  /** Answers so far, per workload (in the order given). */
  answered(): number[];
  /** Stops sending, waits for the answers in flight; throws the first failure, if any (a failed request fails the run). */
  stop(): Promise<void>;
}

/** Every workload at once, `clientsEach` closed loops each, until stopped: load beside what is being timed. */
export function startBackground(workloads: readonly Workload[], clientsEach: number, send: (workload: Workload) => Promise<unknown>): Background {
  let running = true;
  let failure: unknown;
  const counts = workloads.map(() => 0);
  const loops = workloads.map((workload, i) =>
    closedLoops(clientsEach, () => running, () => send(workload), () => void (counts[i] = (counts[i] ?? 0) + 1)).catch((error: unknown) => {
      failure ??= error;
      running = false;
    }),
  );
  return {
    answered: () => [...counts],
    async stop() {
      running = false;
      await Promise.all(loops);
      if (failure) throw failure;
    },
  };
}
