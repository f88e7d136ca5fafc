/**
 * Container healthcheck (`node docker/healthcheck.ts`): exits 0 when this
 * container's service answers 2xx on `/readyz` — for a subgraph, the database
 * answers; for the gateway, every subgraph is ready too. The image has no
 * curl or wget; Node's fetch does the job.
 */
import { serviceFromEnv, servicePort } from './services.ts';

try {
  const service = serviceFromEnv();
  // L8: in production the gateway answers /readyz only on its internal ops port (OPS_PORT, default 9400).
  const port = service === 'gateway' && process.env.NODE_ENV === 'production' ? Number(process.env.OPS_PORT?.trim() || 9400) : servicePort(service);
  const res = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(3_000) });
  process.exit(res.ok ? 0 : 1);
} catch (error) {
  console.error(`[healthcheck] ${(error as Error).message}`);
  process.exit(1);
}
