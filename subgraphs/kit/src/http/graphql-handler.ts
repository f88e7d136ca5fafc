import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import { BodyTooLargeError, readBody } from './body.js';

export interface GraphQLHandlerOptions<TContext extends BaseContext> {
  server: ApolloServer<TContext>;
  context: (req: IncomingMessage) => Promise<TContext>;
  /** Largest accepted request body in bytes. */
  bodyLimit: number;
  /** Headers the operation asked for (e.g. a session cookie), added to the response. */
  responseHeaders?: (req: IncomingMessage) => Iterable<[string, string]> | undefined;
}

/**
 * A minimal Node `http` integration for Apollo Server 5 (which ships none):
 * parses the JSON body with a size limit and streams Apollo's answer back,
 * including incremental (chunked) responses.
 */
export function createGraphQLHandler<TContext extends BaseContext>(options: GraphQLHandlerOptions<TContext>) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    let body: unknown;
    if (req.method === 'POST') {
      let raw: string;
      try {
        raw = await readBody(req, options.bodyLimit);
      } catch (error) {
        if (error instanceof BodyTooLargeError) return sendError(res, 413, 'BAD_REQUEST', 'Request body too large');
        throw error;
      }
      try {
        body = raw.length ? JSON.parse(raw) : undefined;
      } catch {
        return sendError(res, 400, 'BAD_REQUEST', 'Request body is not valid JSON');
      }
    }
    // The query string only (a WHATWG URL per request cost more than the rest of this function).
    const path = req.url ?? '/';
    const query = path.indexOf('?');
    const search = query < 0 || query === path.length - 1 ? '' : (path.slice(query).split('#')[0] ?? '');
    const response = await options.server.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method ?? 'GET', headers, search, body },
      context: () => options.context(req),
    });
    for (const [key, value] of response.headers) res.setHeader(key, value);
    for (const [key, value] of options.responseHeaders?.(req) ?? []) res.appendHeader(key, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };
}

/** A GraphQL-shaped error response for failures before GraphQL execution starts. */
export function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
}

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('cache-control', 'no-store');
  res.end(JSON.stringify(value));
}
