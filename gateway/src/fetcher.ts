import { STATUS_CODES } from 'node:http';
import type { Fetcher, FetcherResponse } from '@apollo/utils.fetcher';
import { Agent, errors, request, type Dispatcher } from 'undici';

/**
 * Subgraph fetches (issue 12, decision 0026): undici's `request` on one keep-alive agent per subgraph, not the
 * WHATWG `fetch` — fetch builds a Request, a Headers, a web stream and an abort signal per call, and with
 * `AbortSignal.timeout` a timer that still fires (and builds a DOMException) long after the answer came. A card
 * status through the gateway spent about a third of the gateway's CPU in that machinery (CPU profile, bench/).
 *
 * The contract with the rest of the gateway is fetch's: a Response-like answer (`ok`, `status`, `headers.get`,
 * `json()`, `text()`), a network failure thrown as `TypeError('fetch failed')` with the cause, and the deadline
 * passed thrown as an error named `TimeoutError` (subgraph-unavailable.ts sorts them, decision 0020).
 *
 * The deadline: the whole exchange, body included, within `timeoutMs` (a hanging subgraph). Keep-alive sockets
 * idle for 4 s are closed, well under the subgraphs' 65 s, so no socket is reused after the server closed it.
 * @apollo/gateway has no timeout of its own.
 */
export function createFetcher(timeoutMs: number, dispatcher: Dispatcher = subgraphAgent(timeoutMs)): Fetcher {
  return (async (url: string, init?: { method?: string; headers?: Record<string, string>; body?: string }) => {
    // The deadline covers the whole exchange, body included; cleared as soon as the body is read, so no timer
    // outlives its request.
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    let answer: Dispatcher.ResponseData;
    try {
      answer = await request(url, { method: (init?.method ?? 'GET') as Dispatcher.HttpMethod, headers: init?.headers, body: init?.body, dispatcher, signal: controller.signal });
    } catch (error) {
      clearTimeout(timer);
      throw asFetchError(error, controller.signal);
    }
    return responseOf(url, answer, controller.signal, () => clearTimeout(timer));
  }) as unknown as Fetcher;
}

/** One connection pool per subgraph origin, bounded in time as createFetcher says. */
export function subgraphAgent(timeoutMs: number): Agent {
  // undici's own timers tick every 0.5 s, so they are only the backstop of createFetcher's exact deadline.
  const backstop = timeoutMs + 1_000;
  return new Agent({ keepAliveTimeout: 4_000, keepAliveMaxTimeout: 4_000, headersTimeout: backstop, bodyTimeout: backstop, connectTimeout: backstop });
}

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);

/** What fetch would have thrown for the same failure. */
function asFetchError(error: unknown, signal: AbortSignal): Error {
  const code = (error as { code?: string } | undefined)?.code;
  if (signal.aborted || (code && TIMEOUT_CODES.has(code))) {
    const timeout = new Error('The subgraph did not answer within its timeout', { cause: error });
    timeout.name = 'TimeoutError';
    return timeout;
  }
  if (error instanceof errors.UndiciError || (error as NodeJS.ErrnoException | undefined)?.syscall) return new TypeError('fetch failed', { cause: error });
  return error instanceof Error ? error : new Error(String(error));
}

function responseOf(url: string, answer: Dispatcher.ResponseData, signal: AbortSignal, done: () => void): FetcherResponse {
  const raw = answer.headers;
  const headers = {
    get(name: string): string | null {
      const value = raw[name.toLowerCase()];
      return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
    },
    has: (name: string) => raw[name.toLowerCase()] !== undefined,
  };
  // A body read fails the way fetch's does: a lost connection or a stalled body is the subgraph unavailable.
  const read = <T>(body: Promise<T>) =>
    body.then(
      (value) => (done(), value),
      (error: unknown) => (done(), Promise.reject(asFetchError(error, signal))),
    );
  return {
    ok: answer.statusCode >= 200 && answer.statusCode < 300,
    status: answer.statusCode,
    statusText: STATUS_CODES[answer.statusCode] ?? '',
    url,
    redirected: false,
    headers,
    json: () => read(answer.body.json()),
    text: () => read(answer.body.text()),
  } as unknown as FetcherResponse;
}
