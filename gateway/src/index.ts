import { closeOnSignals } from '@kaikukanta/kit';
import { createGateway } from './app.js';
import { loadConfig } from './config.js';

const gateway = await createGateway(loadConfig());
closeOnSignals(gateway.close, gateway.logger);
