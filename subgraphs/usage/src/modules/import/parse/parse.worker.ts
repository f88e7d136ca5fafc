import { parentPort, workerData } from 'node:worker_threads';
import type { ParseLimits } from './parse-result.js';
import { parseReport } from './parse-report.js';

/** The parse worker (parser-pool.ts): reads one file off the service's event loop and posts the result back. */
const { bytes, limits } = workerData as { bytes: Uint8Array; limits: ParseLimits };
parentPort?.postMessage(await parseReport(bytes, limits));
