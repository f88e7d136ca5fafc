/**
 * The image's entry point: runs the one service named by `SERVICE` in this
 * process (no shell in between, so SIGTERM from `docker stop` reaches the
 * service's own shutdown handler).
 */
import { SERVICES, serviceFromEnv, type ServiceName } from './services.ts';

function chosenService(): ServiceName {
  try {
    return serviceFromEnv();
  } catch (error) {
    console.error(`[kaikukanta] ${(error as Error).message}`);
    return process.exit(64);
  }
}

await import(new URL(`../${SERVICES[chosenService()].entry}`, import.meta.url).href);
