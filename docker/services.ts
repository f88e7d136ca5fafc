/**
 * The services one Kaikukanta image can run, chosen by `SERVICE` (ARG default
 * in the Dockerfile, overridden per container in compose.yaml). Kept free of
 * imports so the healthcheck starts in milliseconds; the unit test
 * (scripts/test/docker.spec.ts) holds the ports equal to the kit's defaults.
 */
export const SERVICES = {
  gateway: { entry: 'gateway/bundle/index.js', portVariable: 'GATEWAY_PORT', defaultPort: 4000 },
  organizations: { entry: 'subgraphs/organizations/bundle/index.js', portVariable: 'ORGANIZATIONS_PORT', defaultPort: 4001 },
  cards: { entry: 'subgraphs/cards/bundle/index.js', portVariable: 'CARDS_PORT', defaultPort: 4002 },
  usage: { entry: 'subgraphs/usage/bundle/index.js', portVariable: 'USAGE_PORT', defaultPort: 4003 },
  statistics: { entry: 'subgraphs/statistics/bundle/index.js', portVariable: 'STATISTICS_PORT', defaultPort: 4004 },
} as const;

/**
 * V8 flags for the gateway where it is deployed (docker/compose.yaml's default for GATEWAY_NODE_OPTIONS, the
 * gateway benchmarks' too): it holds ~50 MiB live, and with V8's default sizing its heap grows to ~300 MiB of
 * uncollected garbage; these keep it under 200 MiB resident through mixed load, at some GC time (bench/README.md).
 */
export const GATEWAY_V8_FLAGS = '--max-old-space-size=96 --max-semi-space-size=8';

/** The gateway's V8 flags as compose.yaml reads them: GATEWAY_NODE_OPTIONS when set (empty for V8's defaults), else the above. */
export function gatewayNodeOptions(env: NodeJS.ProcessEnv = process.env): string {
  return env.GATEWAY_NODE_OPTIONS ?? GATEWAY_V8_FLAGS;
}

export type ServiceName = keyof typeof SERVICES;

export function isServiceName(name: string): name is ServiceName {
  return Object.hasOwn(SERVICES, name);
}

/** The service named by `SERVICE`; a clear error for a missing or unknown name. */
export function serviceFromEnv(env: NodeJS.ProcessEnv = process.env): ServiceName {
  const name = env.SERVICE?.trim() ?? '';
  if (isServiceName(name)) return name;
  throw new Error(`SERVICE must be one of ${Object.keys(SERVICES).join(', ')}, got "${name}"`);
}

/** The port the service listens on, read from the same variable the service itself reads. */
export function servicePort(name: ServiceName, env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[SERVICES[name].portVariable]?.trim();
  return raw ? Number(raw) : SERVICES[name].defaultPort;
}
