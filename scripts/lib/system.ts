import type { ChildProcess } from 'node:child_process';
import { DEFAULT_PORTS } from '@kaikukanta/kit';
import { BUNDLED } from '../bundle.ts';
import { startService, stopService, waitForReady, type ProcessExit } from './processes.ts';
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
  /** SIGTERM to every running service (the gateway first); resolves once all are gone, with how each ended. */
  stop(): Promise<ServiceExit[]>;
  /** Resolves with the name of the first service that exits on its own (not one stopped by `kill`). */
  exited: Promise<string>;
  /** Sends `signal` (SIGKILL unless told) to every running instance of a subgraph and resolves once they are gone: fault tests. */
  kill(name: SubgraphName, signal?: NodeJS.Signals): Promise<void>;
  /**
   * Starts one more instance of a subgraph — again after `kill`, on its own port, or a replica beside the running one
   * on `port` (same database and role) — and resolves once it is ready, with a way to kill that instance alone.
   */
  start(name: SubgraphName, port?: number): Promise<ServiceInstance>;
}

export interface ServiceExit extends ProcessExit {
  name: string;
}

export interface ServiceInstance {
  port: number;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

const root = new URL('../../', import.meta.url);

/** What a service runs: its bundle (scripts/bundle.ts, decision 0028), built by `npm run build:server`. */
export function serviceEntry(name: SubgraphName | 'gateway'): string {
  return new URL(`${(BUNDLED[name] as { dir: string }).dir}/bundle/index.js`, root).pathname;
}

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
  const instances = new Map<ChildProcess, SubgraphName>();
  const killed = new Set<ChildProcess>();
  const names = new Map<ChildProcess, string>();
  let gatewayChild: ChildProcess | undefined;
  let stopping = false;
  const stop = async (): Promise<ServiceExit[]> => {
    stopping = true;
    const exits: ServiceExit[] = [];
    const stopOne = async (child: ChildProcess) => exits.push({ name: names.get(child) ?? 'service', ...(await stopService(child)) });
    if (gatewayChild && children.includes(gatewayChild)) await stopOne(gatewayChild);
    await Promise.all(children.filter((child) => child !== gatewayChild).map(stopOne));
    return exits;
  };
  let onExit: (name: string) => void = () => undefined;
  const exited = new Promise<string>((resolve) => (onExit = resolve));
  const track = (name: string, child: ChildProcess) => {
    children.push(child);
    names.set(child, name);
    child.once('exit', () => {
      children.splice(children.indexOf(child), 1);
      instances.delete(child);
      if (!stopping && !killed.delete(child)) onExit(name);
    });
  };
  const killChild = (child: ChildProcess, signal: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    killed.add(child);
    return new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill(signal);
    });
  };
  const start = async (name: SubgraphName, port = ports[name] as number): Promise<ServiceInstance> => {
    const child = startService(
      name,
      serviceEntry(name),
      { ...env, DATABASE_URL: options.databaseUrls[name], [`${name.toUpperCase()}_PORT`]: String(port) },
      SUBGRAPHS.indexOf(name),
      options.quiet,
    );
    track(name, child);
    instances.set(child, name);
    await waitForReady(`http://127.0.0.1:${port}/readyz`, child);
    return { port, kill: (signal = 'SIGKILL') => killChild(child, signal) };
  };
  const kill = async (name: SubgraphName, signal: NodeJS.Signals = 'SIGKILL') => {
    await Promise.all([...instances].filter(([, n]) => n === name).map(([child]) => killChild(child, signal)));
  };
  try {
    await Promise.all(SUBGRAPHS.map((name) => start(name)));
    // GATEWAY_NODE_OPTIONS (as docker/compose.yaml names it): V8 flags for the gateway alone, after any NODE_OPTIONS.
    const gatewayOptions = [env.NODE_OPTIONS, env.GATEWAY_NODE_OPTIONS].filter((flags) => flags?.trim()).join(' ');
    gatewayChild = startService('gateway', serviceEntry('gateway'), { ...env, NODE_OPTIONS: gatewayOptions || undefined }, 4, options.quiet);
    track('gateway', gatewayChild);
    // With an ops port (always in production, L8) only that port answers /readyz; the public one says 404.
    const opsPort = env.OPS_PORT?.trim() || (env.NODE_ENV === 'production' ? '9400' : undefined);
    await waitForReady(`http://127.0.0.1:${opsPort ?? options.gatewayPort}/readyz`, gatewayChild);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `http://localhost:${options.gatewayPort}`, stop, exited, kill, start };
}

function portFromEnv(value: string | undefined): number | undefined {
  if (!value?.trim()) return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`invalid port setting: ${value}`);
  return port;
}
