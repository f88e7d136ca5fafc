import type { IncomingMessage, ServerResponse } from 'node:http';
import { GENERIC_MESSAGES } from '@kaikukanta/kit/errors';
import { sendError, sendJson } from '@kaikukanta/kit/http';
import type { RequestScope } from '@kaikukanta/kit/request-scope';
import type { ScopedHandler } from '../plugins/use-request-scope.js';
import type { Metrics } from './metrics.js';

export type Route = '/graphql' | '/healthz' | '/readyz' | '/metrics' | 'static';
const NAMED: readonly Route[] = ['/graphql', '/healthz', '/readyz', '/metrics'];

export interface RouterOptions {
  /** POST /graphql: authentication and Apollo. */
  graphql: ScopedHandler;
  /** Everything else: the web app. */
  serveStatic: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  readiness: () => Promise<Record<string, boolean>>;
  metrics: Metrics;
  /**
   * Serve `/readyz` and `/metrics` here too. False in production, where only
   * the internal ops port answers them (L8) and this port says 404.
   */
  operational: boolean;
}

/** The route of a request path (the metrics label): one of the named routes, else `static`. */
export function routeOf(url: string | undefined): Route {
  const path = (url ?? '/').split('?')[0] ?? '/';
  return NAMED.find((route) => route === path) ?? 'static';
}

/**
 * The public port: `/graphql` by POST only (L6: a GET would carry the query,
 * card codes included, in the URL and so into proxy access logs; 405 with
 * `Allow: POST`), `/healthz`, the web app for every other path, and
 * `/readyz`/`/metrics` only when `operational`. Counts every response in
 * `kaikukanta_http_requests_total`. WebSocket upgrades on `/graphql` never
 * reach it (the subscription server takes them).
 */
export function createRouter(options: RouterOptions): ScopedHandler {
  const operational = createOperationalRouter(options);
  return (req, res, scope) => {
    const route = routeOf(req.url);
    res.once('finish', () => options.metrics.request(route, res.statusCode));
    switch (route) {
      case '/graphql':
        if (req.method === 'POST') return options.graphql(req, res, scope);
        res.setHeader('allow', 'POST');
        return sendError(res, 405, 'METHOD_NOT_ALLOWED', METHOD_NOT_ALLOWED[scope.locale]);
      case '/healthz':
        return sendJson(res, 200, { status: 'ok', service: 'gateway' });
      case '/readyz':
      case '/metrics':
        return options.operational ? operational(req, res, scope) : sendError(res, 404, 'NOT_FOUND', GENERIC_MESSAGES.NOT_FOUND[scope.locale]);
      default:
        return options.serveStatic(req, res);
    }
  };
}

/**
 * The internal ops port (OPS_PORT): `/healthz`, `/readyz` (every subgraph
 * ready; the answer is cached, see readiness.ts) and `/metrics`
 * (Prometheus text); 404 for anything else.
 */
export function createOperationalRouter(options: Pick<RouterOptions, 'readiness' | 'metrics'>): ScopedHandler {
  return async (req, res, scope: RequestScope) => {
    switch (routeOf(req.url)) {
      case '/healthz':
        return sendJson(res, 200, { status: 'ok', service: 'gateway' });
      case '/readyz': {
        const subgraphs = await options.readiness();
        const ready = Object.values(subgraphs).every(Boolean);
        return sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'unavailable', subgraphs });
      }
      case '/metrics': {
        const text = await options.metrics.render();
        res.setHeader('content-type', options.metrics.contentType);
        res.end(text);
        return;
      }
      default:
        return sendError(res, 404, 'NOT_FOUND', GENERIC_MESSAGES.NOT_FOUND[scope.locale]);
    }
  };
}

const METHOD_NOT_ALLOWED = {
  fi: 'GraphQL-kyselyt lähetetään POST-pyyntöinä.',
  sv: 'GraphQL-frågor skickas som POST-förfrågningar.',
  en: 'Send GraphQL operations as POST requests.',
} as const;
