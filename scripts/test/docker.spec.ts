import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { DEFAULT_PORTS, loadSubgraphConfig, parseIdentityPublicKey, sameIdentityKey } from '@kaikukanta/kit';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { GATEWAY_V8_FLAGS, isServiceName, SERVICES, type ServiceName } from '../../docker/services.ts';
import { BUNDLED } from '../bundle.ts';
import { SUBGRAPHS } from '../lib/subgraphs.ts';

/**
 * What a deployer relies on in docker/: every service of the system is in
 * compose.yaml, each gets the configuration its own config loader demands in
 * production, the gateway finds the subgraphs by service name, only the
 * gateway is published, and start order follows health. No Docker engine
 * needed: the file is parsed and interpolated here as Compose would.
 */

const root = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string };
  environment?: Record<string, string | number | boolean | null>;
  ports?: (string | { target: number; published?: string | number })[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] | string; interval?: string; timeout?: string; retries?: number; start_period?: string };
  volumes?: (string | { type: string; source: string; target: string })[];
  deploy?: { replicas?: number };
  stop_grace_period?: string;
  container_name?: string;
}
interface ComposeFile {
  name?: string;
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

// Compose supports `<<` merge keys; the file uses them to share the app services' settings.
const compose = parse(read('docker/compose.yaml'), { merge: true }) as ComposeFile;
const services = compose.services;
const APP_SERVICES = Object.keys(SERVICES) as ServiceName[];
const PAIR = generateKeyPairSync('ed25519');
const KEYS = {
  IDENTITY_PRIVATE_KEY: PAIR.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  IDENTITY_PUBLIC_KEY: PAIR.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
};

/** Compose's `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?error}` and `${VAR?error}` against `env`. */
function interpolate(value: string, env: Record<string, string>): string {
  return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-?])([^}]*))?\}/g, (_match, name: string, colon: string, op: string, arg: string) => {
    const current = env[name];
    const missing = current === undefined || (colon === ':' && current === '');
    if (!missing) return current;
    if (op === '-') return arg;
    if (op === '?') throw new Error(`${name}: ${arg}`);
    return '';
  });
}

/** The database roles' passwords a deployer sets (decision 0010); every environment below has them unless `shell` overrides one. */
const DB_PASSWORDS: Record<string, string> = Object.fromEntries(SUBGRAPHS.map((name) => [`${name.toUpperCase()}_DB_PASSWORD`, `${name}-role-password-0123456789`]));

/** A service's environment as the container would see it, given the deployer's shell variables. */
function environmentOf(name: string, shell: Record<string, string> = KEYS): Record<string, string> {
  const raw = services[name]?.environment ?? {};
  return Object.fromEntries(Object.entries(raw).map(([key, value]) => [key, interpolate(String(value ?? ''), { ...DB_PASSWORDS, ...shell })]));
}

const SUBGRAPH_NAMES = [...SUBGRAPHS];

describe('docker/compose.yaml', () => {
  it('runs every service of the system: PostgreSQL, the four subgraphs, the gateway and the load balancer in front', () => {
    expect(Object.keys(services).sort()).toEqual(['postgres', 'migrate', 'lb', ...APP_SERVICES].sort());
    expect(compose.name).toBe('kaikukanta');
  });

  it('runs PostgreSQL 15 with its data on a named volume and a TCP readiness check', () => {
    const postgres = services.postgres as ComposeService;
    expect(postgres.image).toMatch(/^postgres:15(\b|$)/);
    const dataVolume = postgres.volumes?.find((v) => (typeof v === 'string' ? v.endsWith(':/var/lib/postgresql/data') : v.target === '/var/lib/postgresql/data'));
    expect(dataVolume).toBeDefined();
    const volumeName = typeof dataVolume === 'string' ? dataVolume.split(':')[0] : dataVolume?.source;
    expect(Object.keys(compose.volumes ?? {})).toContain(volumeName);
    expect(postgres.healthcheck?.test).toEqual(expect.arrayContaining(['pg_isready', '127.0.0.1']));
  });

  it('builds one image from the repository root and picks the process by SERVICE', () => {
    for (const name of APP_SERVICES) {
      const service = services[name] as ComposeService;
      expect(service.build, name).toEqual({ context: '..', dockerfile: 'docker/Dockerfile' });
      expect(service.image, name).toBe(services.gateway?.image);
      expect(environmentOf(name).SERVICE, name).toBe(name);
      expect(isServiceName(name)).toBe(true);
    }
  });

  it('gives each subgraph a configuration its own loader accepts in production, with the database on the postgres service', () => {
    const pgEnv = environmentOf('postgres');
    for (const name of SUBGRAPH_NAMES) {
      const env = environmentOf(name);
      expect(env.NODE_ENV, name).toBe('production');
      expect(env.HOST, name).toBe('0.0.0.0');
      const config = loadSubgraphConfig(name, env);
      expect(config.production).toBe(true);
      expect(sameIdentityKey(config.identityPublicKey, PAIR.publicKey)).toBe(true);
      expect(config.port).toBe(SERVICES[name].defaultPort);
      const db = new URL(config.databaseUrl);
      expect(db.hostname, name).toBe('postgres');
      // Its own role, never the superuser (M2).
      expect(db.username, name).toBe(`${pgEnv.POSTGRES_DB}_${name}`);
      expect(decodeURIComponent(db.password), name).toBe(DB_PASSWORDS[`${name.toUpperCase()}_DB_PASSWORD`]);
      expect(db.pathname, name).toBe(`/${pgEnv.POSTGRES_DB}`);
    }
  });

  it('M1: refuses to start without the identity keys, never holds a literal key, and gives the private key to the gateway alone', () => {
    for (const name of APP_SERVICES) {
      const environment = services[name]?.environment ?? {};
      expect(String(environment.IDENTITY_PUBLIC_KEY), name).toMatch(/^\$\{IDENTITY_PUBLIC_KEY:\?.+\}$/);
      expect(() => environmentOf(name, { IDENTITY_PRIVATE_KEY: KEYS.IDENTITY_PRIVATE_KEY }), name).toThrow(/IDENTITY_PUBLIC_KEY/);
      expect(environment, name).not.toHaveProperty('IDENTITY_SECRET');
      if (name === 'gateway') expect(String(environment.IDENTITY_PRIVATE_KEY)).toMatch(/^\$\{IDENTITY_PRIVATE_KEY:\?.+\}$/);
      else expect(environment, name).not.toHaveProperty('IDENTITY_PRIVATE_KEY');
    }
    expect(() => environmentOf('gateway', { IDENTITY_PUBLIC_KEY: KEYS.IDENTITY_PUBLIC_KEY })).toThrow(/IDENTITY_PRIVATE_KEY/);
    expect(sameIdentityKey(parseIdentityPublicKey(environmentOf('gateway').IDENTITY_PUBLIC_KEY ?? ''), PAIR.publicKey)).toBe(true);
  });

  it('M2: runs the migrate step with the superuser before any subgraph starts, with the passwords the subgraphs connect with', () => {
    const migrate = services.migrate as ComposeService & { entrypoint?: string[]; restart?: string };
    expect(migrate.image).toBe(services.gateway?.image);
    expect(migrate.entrypoint).toEqual(['node', 'docker/migrate.ts']);
    expect(read('docker/Dockerfile')).toMatch(/^COPY .*docker\/migrate\.ts/m);
    expect(migrate.restart).toBe('no');
    expect(migrate.ports ?? []).toEqual([]);
    expect(migrate.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    const env = environmentOf('migrate');
    const pgEnv = environmentOf('postgres');
    const admin = new URL(env.DATABASE_URL ?? '');
    expect([admin.hostname, admin.username, decodeURIComponent(admin.password), admin.pathname]).toEqual(['postgres', pgEnv.POSTGRES_USER, pgEnv.POSTGRES_PASSWORD, `/${pgEnv.POSTGRES_DB}`]);
    for (const name of SUBGRAPH_NAMES) {
      const variable = `${name.toUpperCase()}_DB_PASSWORD`;
      expect(env[variable], name).toBe(DB_PASSWORDS[variable]);
      expect(String(services[name]?.environment?.DATABASE_URL), name).toContain(`\${${variable}:?`);
      expect(() => environmentOf('migrate', { [variable]: '' }), name).toThrow(new RegExp(variable));
      expect(services[name]?.depends_on?.migrate, name).toEqual({ condition: 'service_completed_successfully' });
    }
    const script = read('docker/migrate.ts');
    expect(script).toContain('prepareDatabase');
  });

  it('issue 12: gives the gateway, and it alone, the V8 flags that keep it under 200 MiB (GATEWAY_NODE_OPTIONS overrides)', () => {
    expect(environmentOf('gateway').NODE_OPTIONS).toBe(GATEWAY_V8_FLAGS);
    expect(environmentOf('gateway', { ...KEYS, GATEWAY_NODE_OPTIONS: '--max-old-space-size=128' }).NODE_OPTIONS).toBe('--max-old-space-size=128');
    for (const name of SUBGRAPH_NAMES) expect(environmentOf(name).NODE_OPTIONS, name).toBeUndefined();
  });

  it('gives the gateway no database and points its *_URL at the subgraph services by name and port', () => {
    const env = environmentOf('gateway');
    expect(env).not.toHaveProperty('DATABASE_URL');
    expect(env.NODE_ENV).toBe('production');
    expect(env.HOST).toBe('0.0.0.0');
    expect(Number(env.GATEWAY_PORT)).toBe(SERVICES.gateway.defaultPort);
    for (const name of SUBGRAPH_NAMES) {
      const url = new URL(env[`${name.toUpperCase()}_URL`] ?? '');
      expect(Object.keys(services), name).toContain(url.hostname);
      expect(url.hostname).toBe(name);
      expect(Number(url.port)).toBe(SERVICES[name].defaultPort);
      expect(url.pathname).toBe('/graphql');
    }
  });

  it('publishes only the load balancer, on port 4000 of loopback unless GATEWAY_BIND says otherwise', () => {
    const published = Object.entries(services).filter(([, service]) => (service.ports ?? []).length > 0);
    expect(published.map(([name]) => name)).toEqual(['lb']);
    const [port] = services.lb?.ports ?? [];
    expect(typeof port === 'string' ? interpolate(port, {}) : port?.target).toBe('127.0.0.1:4000:4000');
  });

  it('decision 0020: runs two gateway and two statistics replicas, none with a fixed container name', () => {
    expect(services.gateway?.deploy?.replicas).toBeGreaterThanOrEqual(2);
    expect(services.statistics?.deploy?.replicas).toBeGreaterThanOrEqual(2);
    // A replica cannot share a container name; the gateway finds statistics by service name (DNS: every replica).
    for (const [name, service] of Object.entries(services)) expect(service.container_name, name).toBeUndefined();
    expect(new URL(environmentOf('gateway').STATISTICS_URL ?? '').hostname).toBe('statistics');
  });

  it('decision 0020: lets every app service finish its shutdown before Compose kills it', () => {
    const seconds = (value: string | undefined) => Number(/^(\d+)s$/.exec(value ?? '')?.[1] ?? 0);
    const bound = Number(environmentOf('gateway').SHUTDOWN_TIMEOUT_MS);
    // The default .env.example documents (the gateway's own, gateway/src/config.ts); subgraphs stop within 10 s.
    expect(bound).toBe(Number(/^SHUTDOWN_TIMEOUT_MS=(\d+)$/m.exec(read('.env.example'))?.[1]));
    expect(bound).toBeGreaterThanOrEqual(10_000);
    for (const name of APP_SERVICES) expect(seconds(services[name]?.stop_grace_period) * 1000, name).toBeGreaterThan(bound);
  });

  it('decision 0020: the load balancer forwards HTTP and WebSocket upgrades to every gateway replica, appending the caller to X-Forwarded-For', () => {
    const lb = services.lb as ComposeService;
    expect(lb.image).toMatch(/^nginx:1\.(2[7-9]|[3-9]\d)/);
    expect(lb.volumes).toContain('./nginx.conf:/etc/nginx/nginx.conf:ro');
    expect(lb.depends_on).toEqual({ gateway: { condition: 'service_healthy' } });
    expect(lb.healthcheck?.test).toEqual(expect.arrayContaining(['http://127.0.0.1:4000/healthz']));
    const conf = read('docker/nginx.conf');
    const directives = conf.replace(/#.*$/gm, '');
    expect(directives).toMatch(/listen 4000;/);
    // Every replica, re-resolved through Docker's DNS as replicas come and go.
    expect(directives).toMatch(/resolver 127\.0\.0\.11\b/);
    expect(directives).toMatch(/server gateway:4000 resolve\b/);
    expect(directives).toMatch(/proxy_pass http:\/\/gateway;/);
    // graphql-ws on the same /graphql: HTTP/1.1 with the client's Upgrade and a matching Connection header.
    expect(directives).toMatch(/proxy_http_version 1\.1;/);
    expect(directives).toMatch(/proxy_set_header Upgrade \$http_upgrade;/);
    expect(directives).toMatch(/proxy_set_header Connection \$connection_upgrade;/);
    expect(directives).toMatch(/map \$http_upgrade \$connection_upgrade\s*\{[^}]*default upgrade;/);
    // Longer than graphql-ws's 12 s ping interval, so an idle subscription is never cut by the proxy.
    expect(Number(/proxy_read_timeout (\d+)h;/.exec(directives)?.[1] ?? 0)).toBeGreaterThanOrEqual(1);
    // M4: appended, and believed as the one hop it is.
    expect(directives).toMatch(/proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;/);
    expect(Number(environmentOf('gateway').TRUSTED_PROXY_HOPS)).toBe(1);
    // A stopping replica's 503 is skipped; a mutation is never replayed by the proxy.
    expect(directives).toMatch(/proxy_next_upstream [^;]*\bhttp_503\b/);
    expect(directives).not.toMatch(/non_idempotent/);
    // Above the gateway's body limit, so the gateway's own coded 413 answers.
    expect(Number(/client_max_body_size (\d+)m;/.exec(directives)?.[1]) * 1024 * 1024).toBeGreaterThan(2 * 1024 * 1024);
  });

  it('checks every app service on /readyz and starts each one only after what it needs is healthy', () => {
    for (const name of APP_SERVICES) {
      const check = services[name]?.healthcheck;
      expect(check?.test, name).toEqual(['CMD', 'node', 'docker/healthcheck.ts']);
      expect(check?.start_period, name).toBeDefined();
    }
    expect(read('docker/healthcheck.ts')).toContain('/readyz');
    for (const name of SUBGRAPH_NAMES) {
      expect(services[name]?.depends_on, name).toEqual({ postgres: { condition: 'service_healthy' }, migrate: { condition: 'service_completed_successfully' } });
    }
    expect(services.gateway?.depends_on).toEqual(Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, { condition: 'service_healthy' }])));
    expect(services.lb?.depends_on).toEqual({ gateway: { condition: 'service_healthy' } });
  });

  it('L5: gives the organizations service a libuv thread pool larger than the Argon2id gate takes (default 4)', () => {
    // DERIVE_CONCURRENCY (organizations' password-gate.ts) is 2; the rest of the pool must be at least Node's default 4.
    const size = Number(environmentOf('organizations').UV_THREADPOOL_SIZE);
    expect(size).toBeGreaterThanOrEqual(2 + 4);
    expect(size).toBeLessThanOrEqual(1024);
  });

  it('sets only variables that .env.example documents', () => {
    const documented = new Set([...read('.env.example').matchAll(/^([A-Z0-9_]+)=/gm)].map((m) => m[1]));
    for (const name of APP_SERVICES) {
      const unknown = Object.keys(services[name]?.environment ?? {}).filter((key) => key !== 'SERVICE' && !documented.has(key));
      expect(unknown, name).toEqual([]);
    }
  });
});

describe('docker/Dockerfile and docker/services.ts', () => {
  const dockerfile = read('docker/Dockerfile');

  it("hold each service's port equal to the one the service itself defaults to", () => {
    for (const name of SUBGRAPH_NAMES) expect(SERVICES[name].defaultPort, name).toBe(DEFAULT_PORTS[name]);
    expect(SERVICES.gateway.defaultPort).toBe(4000);
  });

  it("copy each service's bundle (what it runs, decision 0028), whose source exists, into the runtime image", () => {
    for (const name of APP_SERVICES) {
      const entry = SERVICES[name].entry;
      expect(entry, name).toMatch(/\/bundle\/index\.js$/);
      const pkg = entry.replace(/\/bundle\/index\.js$/, '');
      expect(() => read(`${pkg}/src/index.ts`), name).not.toThrow();
      expect(BUNDLED[name]?.dir, name).toBe(pkg);
      expect(dockerfile, name).toContain(`COPY --from=build /app/${pkg}/bundle ${pkg}/bundle`);
      // The migrate step loads each subgraph's compiled ORM (scripts/lib/migrate.ts), not its bundle.
      expect(dockerfile, name).toContain(`COPY --from=build /app/${pkg}/dist ${pkg}/dist`);
    }
    expect(dockerfile).toContain('COPY --from=build /app/subgraphs/kit/dist subgraphs/kit/dist');
    expect(dockerfile).toMatch(/^COPY docker\/services\.ts docker\/start\.ts docker\/healthcheck\.ts docker\/migrate\.ts docker\/$/m);
  });

  it('build on the Node version the project pins', () => {
    const pinned = (JSON.parse(read('package.json')) as { devDependencies: Record<string, string> }).devDependencies.node;
    expect(dockerfile).toContain(`ARG NODE_VERSION=${pinned}`);
  });
});
