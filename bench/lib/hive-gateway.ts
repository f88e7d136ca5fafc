/**
 * Hive Gateway (`@graphql-hive/gateway-runtime`, the runtime of `@graphql-hive/gateway`) over our committed
 * supergraph and the running subgraphs, as the gateway benchmark's peer (issue 12). Run as its own process
 * (`node bench/lib/hive-gateway.ts`), so its CPU and memory are read apart from everything else.
 *
 * It authenticates the way ours does, with our own compiled code: the caller's session cookie or
 * `Authorization: Bearer` key is resolved once per request by the gateway's `Authenticator` (the organizations
 * subgraph's `/internal/authenticate`, same 10 s identity cache), and every subgraph fetch carries a fresh
 * identity token signed for that subgraph alone (`signIdentity`, audience = subgraph, the client's address), the
 * request id and the caller's language — and none of the client's own headers (Hive forwards none by default).
 * Hive's deduplication of identical in-flight subgraph queries is off: it keys a fetch before `onFetch` adds the
 * identity, so it would share one caller's answer with another.
 * What differs from ours: no graphql-armor limits, CSRF check, personal-data guard or session-cookie
 * instructions (the benchmark never logs in through it), and Hive's own defaults otherwise (masked errors,
 * its plan cache, its HTTP transport).
 *
 * Environment: HIVE_PORT, SUPERGRAPH_PATH, <NAME>_URL of each subgraph, IDENTITY_PRIVATE_KEY, NODE_ENV.
 */
import { randomUUID, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import { createGatewayRuntime, type GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { IDENTITY_HEADER, REQUEST_ID_HEADER, signIdentity, type Identity } from '@kaikukanta/kit/identity';
import { parseIdentityPrivateKey } from '@kaikukanta/kit/identity-keys';
import { pickLocale } from '@kaikukanta/kit/i18n';

const env = process.env;
const SUBGRAPHS = ['organizations', 'cards', 'usage', 'statistics'] as const;
type Subgraph = (typeof SUBGRAPHS)[number];
const gatewayDist = new URL('../../gateway/dist/', import.meta.url);
/** The compiled gateway's own authentication (gateway/src/auth/authenticate.ts), loaded from dist as the services run it. */
interface Authenticating {
  authenticate(req: IncomingMessage): Promise<{ identity: Identity } | { error: string }>;
}
const { Authenticator } = (await import(new URL('auth/authenticate.js', gatewayDist).href)) as {
  Authenticator: new (organizationsUrl: string, privateKey: KeyObject, cookie: unknown) => Authenticating;
};
const { sessionCookie } = (await import(new URL('plugins/use-session-cookie.js', gatewayDist).href)) as { sessionCookie(production: boolean): unknown };

const required = (name: string) => env[name] ?? (() => { throw new Error(`${name} is required`); })();
const urls = Object.fromEntries(SUBGRAPHS.map((name) => [name, required(`${name.toUpperCase()}_URL`)])) as Record<Subgraph, string>;
const privateKey = parseIdentityPrivateKey(required('IDENTITY_PRIVATE_KEY'));
const authenticator = new Authenticator(urls.organizations, privateKey, sessionCookie(env.NODE_ENV === 'production'));

// The committed supergraph names the default ports; point each subgraph at the one the benchmark started.
let supergraph = readFileSync(required('SUPERGRAPH_PATH'), 'utf8');
const subgraphOfUrl = new Map<string, Subgraph>();
for (const name of SUBGRAPHS) {
  supergraph = supergraph.replace(new RegExp(`(@join__graph\\(name: "${name}", url: ")[^"]*(")`), `$1${urls[name]}$2`);
  subgraphOfUrl.set(urls[name], name);
}

interface Caller {
  identity: Identity;
  requestId: string;
  locale: string;
  clientIp?: string;
}
const callers = new WeakMap<Request, Promise<Caller | null>>();

/** Authenticates a request once (on its first subgraph fetch) and signs each fetch's identity for its subgraph. */
const useIdentity: GatewayPlugin = {
  onFetch({ url, options, setOptions, context }) {
    const subgraph = subgraphOfUrl.get(url);
    const request = 'request' in context ? (context.request as Request) : undefined;
    if (!subgraph || !request) return;
    let caller = callers.get(request);
    if (!caller) {
      const req = { headers: { authorization: request.headers.get('authorization') ?? undefined, cookie: request.headers.get('cookie') ?? undefined } } as IncomingMessage;
      caller = authenticator.authenticate(req).then((auth) =>
        'error' in auth ? null : { identity: auth.identity, requestId: randomUUID(), locale: pickLocale(request.headers.get('accept-language') ?? undefined), clientIp: (context as { req?: IncomingMessage }).req?.socket?.remoteAddress },
      );
      callers.set(request, caller);
    }
    return caller.then(async (found) => {
      if (!found) throw new Error('The API key is invalid, expired or revoked.');
      const token = await signIdentity(found.identity, privateKey, { audience: subgraph, ...(found.clientIp ? { clientIp: found.clientIp } : {}) });
      setOptions({ ...options, headers: { ...options.headers, [IDENTITY_HEADER]: token, [REQUEST_ID_HEADER]: found.requestId, 'accept-language': found.locale } });
    }) as unknown as void;
  },
};

const gateway = createGatewayRuntime({
  supergraph,
  logging: 'error',
  landingPage: false,
  graphiql: false,
  plugins: () => [useIdentity],
  // Hive deduplicates identical in-flight subgraph queries by URL, body and the headers its transport set — before
  // `onFetch` adds the caller's identity, so with it on, one caller's answer would be handed to another caller
  // asking the same. Ours never shares a fetch between callers; Hive runs the same way here.
  transportEntries: { '*': { options: { deduplicateInflightRequests: false } } },
});
const server = createServer(gateway);
server.keepAliveTimeout = 65_000;
server.listen(Number(required('HIVE_PORT')), '127.0.0.1', () => console.log(JSON.stringify({ level: 30, msg: 'hive gateway ready' })));
const stop = () => server.close(() => void Promise.resolve(gateway.dispose()).finally(() => process.exit(0)));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
