import { parentPort, workerData } from 'node:worker_threads';
import type { ParseLimits, ParsedRow } from './parse-result.js';
import { parseReport } from './parse-report.js';

/**
 * The parse worker (parser-pool.ts): reads one file off the service's event loop and posts its rows back in chunks
 * as it reads them (`rows`), then the result without rows (`done`). At most `window` chunks are unanswered at a
 * time: the service answers each chunk (`ack`) once it has judged and stored it, so neither side ever holds more
 * than a few chunks of a large report.
 */
const { bytes, limits, window } = workerData as { bytes: Uint8Array; limits: ParseLimits; window: number };
let unanswered = 0;
let wake: (() => void) | undefined;
parentPort?.on('message', () => {
  unanswered -= 1;
  wake?.();
  wake = undefined;
});
const sink = async (rows: ParsedRow[]) => {
  parentPort?.postMessage({ kind: 'rows', rows });
  unanswered += 1;
  while (unanswered >= window) await new Promise<void>((resolve) => (wake = resolve));
};
parentPort?.postMessage({ kind: 'done', result: await parseReport(bytes, limits, sink) });
