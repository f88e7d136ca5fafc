// closeOnSignals lives in the kit's server.ts (no ORM); a small lifecycle file of its own would be the better subpath.
import { closeOnSignals } from '@kaikukanta/kit/server';
import { createGateway } from './app.js';
import { loadConfig } from './config.js';

const config = loadConfig();
const gateway = await createGateway(config);
closeOnSignals(gateway.close, gateway.logger, { timeoutMs: config.shutdownTimeoutMs });
