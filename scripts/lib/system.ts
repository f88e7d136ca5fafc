import type { ChildProcess } from 'node:child_process';
import { DEFAULT_PORTS } from '@kaikukanta/kit';
import { startService, stopService, waitForReady } from './processes.ts';
import { SUBGRAPHS, type SubgraphName } from './subgraphs.ts';

export interface SystemOptions {
  /** Each subgraph's own connection, as the migrate step returns them (`migrateSystem`, decision 0010). */
  databaseUrls: Record<SubgraphName, string>;
  gatewayPort: number;
  /** Ports of the subgraphs; the defaults (4001–4004) otherwise. */
  subgraphPorts?: Partial<Record<SubgraphName, number>>;
  env?: NodeJS.ProcessEnv;
  quiet?: boolean;
}

export interface RunningSystem {
  url: string;
  stop(): Promise<void>;
  /** Resolves with the name of the first service that exits on its own. */
  exited: Promise<string>;
}

const root = new URL('../../', import.meta.url);

/**
 * Starts the four subgraphs (in parallel, each under its own database role,
 * after the migrate step) and then the gateway, as real processes talking
 * HTTP and WebSocket. Used by `npm start` and by the end-to-end tests alike.
 */
export async function startSystem(options: SystemOptions): Promise<RunningSystem> {
  // Explicit ports (tests) win, then the documented <NAME>_PORT settings, then the defaults 4001–4004.
  const ports = Object.fromEntries(
    SUBGRAPHS.map((name) => [name, options.subgraphPorts?.[name] ?? portFromEnv(options.env?.[`${name.toUpperCase()}_PORT`] ?? process.env[`${name.toUpperCase()}_PORT`]) ?? DEFAULT_PORTS[name]]),
  );
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // The caller's own DATABASE_URL (an administrative one for `npm start`) reaches no service.
    DATABASE_URL: undefined,
    GATEWAY_PORT: String(options.gatewayPort),
    ...Object.fromEntries(SUBGRAPHS.map((name) => [`${name.toUpperCase()}_PORT`, String(ports[name])])),
    ...Object.fromEntries(SUBGRAPHS.map((name) => [`${name.toUpperCase()}_URL`, `http://127.0.0.1:${ports[name]}/graphql`])),
    ...options.env,
  };
  const children: ChildProcess[] = [];
  let stopping = false;
  const stop = async () => {
    stopping = true;
    const [gateway, ...subgraphs] = [...children].reverse();
    if (gateway) await stopService(gateway);
    await Promise.all(subgraphs.map((child) => stopService(child)));
  };
  let onExit: (name: string) => void = () => undefined;
  const exited = new Promise<string>((resolve) => (onExit = resolve));
  const track = (name: string, child: ChildProcess) => {
    children.push(child);
    child.once('exit', () => !stopping && onExit(name));
  };
  try {
    await Promise.all(
      SUBGRAPHS.map(async (name, i) => {
        const child = startService(name, new URL(`subgraphs/${name}/dist/index.js`, root).pathname, { ...env, DATABASE_URL: options.databaseUrls[name] }, i, options.quiet);
        track(name, child);
        await waitForReady(`http://127.0.0.1:${ports[name]}/readyz`, child);
      }),
    );
    const gateway = startService('gateway', new URL('gateway/dist/index.js', root).pathname, env, 4, options.quiet);
    track('gateway', gateway);
    await waitForReady(`http://127.0.0.1:${options.gatewayPort}/readyz`, gateway);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `http://localhost:${options.gatewayPort}`, stop, exited };
}

function portFromEnv(value: string | undefined): number | undefined {
  if (!value?.trim()) return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`invalid port setting: ${value}`);
  return port;
}
