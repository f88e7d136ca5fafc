import { Worker } from 'node:worker_threads';
import type { ParseLimits, ParsedRow, ParseResult } from './parse-result.js';

/** What the worker may take: a hostile file meets these, not the service's own heap. */
const WORKER_HEAP_MB = 256;
/** Files read at once; more wait their turn (two cores are shared with the database). */
const CONCURRENT_PARSES = 2;

let running = 0;
const waiting: (() => void)[] = [];

/** Chunks of rows (sheet-rows.ts: ROW_CHUNK each) the worker may post before the service has taken the first. */
const WINDOW = 2;

/** Takes one chunk of rows, in file order; the next chunk waits until it resolves. */
export type RowChunkHandler = (rows: ParsedRow[]) => Promise<void>;

/**
 * Runs `parseReport` in a worker thread so the service keeps answering while a 100 000-row file is read (habit:
 * parsing off the event loop), all rows collected into the result. For the tests and small files; the import
 * itself takes them chunk by chunk (`streamInWorker`).
 */
export async function parseInWorker(bytes: Uint8Array, limits: ParseLimits, timeoutMs: number): Promise<ParseResult> {
  const rows: ParsedRow[] = [];
  const result = await streamInWorker(bytes, limits, timeoutMs, async (chunk) => {
    for (const row of chunk) rows.push(row);
  });
  return result.ok ? { ...result, rows } : result;
}

/**
 * Runs `parseReport` in a worker thread and hands its rows to `onRows` chunk by chunk as they are read (never one
 * message of a whole report: a 100 000-row structured clone cost more memory than the rows themselves). One
 * short-lived worker per file: its heap is capped (a file whose content lies about its size ends the worker, never
 * the service), it is terminated after `timeoutMs` of its own work — the time it waits for `onRows` to catch up is
 * not counted — and nothing of one file can linger into the next. Resolves once every chunk taken has been handled;
 * on a refused file, the chunks already handled stay the caller's to undo. A rejection of `onRows` rejects.
 */
export async function streamInWorker(bytes: Uint8Array, limits: ParseLimits, timeoutMs: number, onRows: RowChunkHandler): Promise<ParseResult> {
  if (running >= CONCURRENT_PARSES) await new Promise<void>((resolve) => waiting.push(resolve));
  running += 1;
  try {
    return await runWorker(bytes, limits, timeoutMs, onRows);
  } finally {
    running -= 1;
    waiting.shift()?.();
  }
}

function runWorker(bytes: Uint8Array, limits: ParseLimits, timeoutMs: number, onRows: RowChunkHandler): Promise<ParseResult> {
  // A copy the worker owns (transferred, not cloned): the caller's Buffer may be a slice of Node's shared pool.
  const own = new Uint8Array(bytes);
  const worker = createWorker({ bytes: own, limits, window: WINDOW }, [own.buffer]);
  return new Promise<ParseResult>((resolve, reject) => {
    let settled = false;
    let handled: Promise<void> = Promise.resolve();
    let unanswered = 0;
    // The parse's own time: paused while the worker waits for this side to take its chunks.
    let left = timeoutMs;
    let since = Date.now();
    let timer: NodeJS.Timeout | undefined;
    const resume = () => {
      since = Date.now();
      timer = setTimeout(() => settle({ ok: false, problem: 'PARSE_TIMEOUT' }), left);
    };
    const pause = () => {
      clearTimeout(timer);
      timer = undefined;
      left = Math.max(left - (Date.now() - since), 0);
    };
    const settle = (result: ParseResult | Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      // The chunk being handled finishes first, so the caller never races its own writes.
      void handled.then(
        () => (result instanceof Error ? reject(result) : resolve(result)),
        (error: unknown) => reject(error instanceof Error ? error : new Error(String(error))),
      );
    };
    resume();
    worker.on('message', (message: { kind: 'rows'; rows: ParsedRow[] } | { kind: 'done'; result: ParseResult }) => {
      if (settled) return;
      if (message.kind === 'done') {
        settle(message.result);
        return;
      }
      unanswered += 1;
      if (unanswered >= WINDOW) pause();
      handled = handled.then(async () => {
        if (settled) return;
        await onRows(message.rows);
        unanswered -= 1;
        if (!settled) {
          if (unanswered === WINDOW - 1 && timer === undefined) resume();
          worker.postMessage('ack');
        }
      });
      handled.catch((error: unknown) => settle(error instanceof Error ? error : new Error(String(error))));
    });
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
