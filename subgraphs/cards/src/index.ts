import 'reflect-metadata';
import { closeOnSignals } from '@kaikukanta/kit';
import { createApp } from './app.js';
import { loadConfig } from './config.js';

const app = await createApp(loadConfig());
closeOnSignals(app.close, app.logger);
