import { pino, type Logger } from 'pino';
import type { LogLevel } from './config.js';

export type { Logger };

/**
 * Structured JSON logs. Request bodies, variables and headers are never
 * logged: a variable may carry a card code or, by a client's mistake,
 * personal data (R9). Identity tokens and credentials are redacted wherever
 * they appear.
 */
export function createLogger(service: string, level: LogLevel): Logger {
  return pino({
    name: service,
    level,
    base: { service },
    redact: {
      paths: ['authorization', 'cookie', 'password', 'token', '*.authorization', '*.cookie', '*.password', '*.token'],
      censor: '[redacted]',
    },
  });
}
