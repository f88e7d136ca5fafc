import { Worker } from 'node:worker_threads';
import type { ParseLimits, ParseResult } from './parse-result.js';

/** What the worker may take: a hostile file meets these, not the service's own heap. */
const WORKER_HEAP_MB = 256;
/** Files read at once; more wait their turn (two cores are shared with the database). */
const CONCURRENT_PARSES = 2;

let running = 0;
const waiting: (() => void)[] = [];

/**
 * Runs `parseReport` in a worker thread so the service keeps answering while a 100 000-row file is read (habit:
 * parsing off the event loop). One short-lived worker per file: its heap is capped (a file whose content lies
 * about its size ends the worker, never the service), it is terminated after `timeoutMs`, and nothing of one
 * file can linger into the next.
 */
export async function parseInWorker(bytes: Uint8Array, limits: ParseLimits, timeoutMs: number): Promise<ParseResult> {
  if (running >= CONCURRENT_PARSES) await new Promise<void>((resolve) => waiting.push(resolve));
  running += 1;
  try {
    return await runWorker(bytes, limits, timeoutMs);
  } finally {
    running -= 1;
    waiting.shift()?.();
  }
}

function runWorker(bytes: Uint8Array, limits: ParseLimits, timeoutMs: number): Promise<ParseResult> {
  // A copy the worker owns (transferred, not cloned): the caller's Buffer may be a slice of Node's shared pool.
  const own = new Uint8Array(bytes);
  const worker = createWorker({ bytes: own, limits }, [own.buffer]);
  return new Promise<ParseResult>((resolve) => {
    let settled = false;
    const settle = (result: ParseResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(result);
    };
    const timer = setTimeout(() => settle({ ok: false, problem: 'PARSE_TIMEOUT' }), timeoutMs);
    worker.once('message', (result: ParseResult) => settle(result));
    worker.once('error', (error: Error & { code?: string }) =>
      settle({ ok: false, problem: error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'DECOMPRESSED_TOO_LARGE' : 'UNREADABLE_FILE', detail: error.message }),
    );
    worker.once('exit', (code) => settle({ ok: false, problem: 'UNREADABLE_FILE', detail: `worker exited with ${code}` }));
  });
}

/**
 * The compiled worker (dist/…/parse.worker.js) in production. Run from source (vitest), the worker is the .ts file
 * itself under Node's type stripping, with a resolve hook that maps the `.js` specifiers tsc wants to the `.ts`
 * files beside them — so the tests exercise the very worker code, not an in-process stand-in.
 */
function createWorker(workerData: unknown, transferList: ArrayBuffer[]): Worker {
  const options = { workerData, transferList, resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB, maxYoungGenerationSizeMb: 32 } };
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./parse.worker.js', import.meta.url), options);
  const entry = new URL('./parse.worker.ts', import.meta.url).href;
  const bootstrap = `import('node:module').then((m) => { m.register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(SOURCE_RESOLVE_HOOK)}`)}); return import(${JSON.stringify(entry)}); });`;
  return new Worker(bootstrap, { ...options, eval: true });
}

const SOURCE_RESOLVE_HOOK = `
export async function resolve(specifier, context, next) {
  if (specifier.startsWith('.') && specifier.endsWith('.js') && context.parentURL && context.parentURL.endsWith('.ts')) {
    try { return await next(specifier.slice(0, -3) + '.ts', context); } catch {}
  }
  return next(specifier, context);
}`;
