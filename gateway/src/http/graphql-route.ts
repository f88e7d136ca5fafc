import type { IncomingMessage } from 'node:http';
import type { ApolloServer } from '@apollo/server';
import { createGraphQLHandler, sendError } from '@kaikukanta/kit/http';
import type { Authenticator } from '../auth/authenticate.js';
import type { GatewayContext } from '../context.js';
import type { ScopedHandler } from '../plugins/use-request-scope.js';
import { subgraphUnavailable, SUBGRAPH_UNAVAILABLE } from '../subgraph-unavailable.js';
import { clientAddress } from './client-address.js';

export interface GraphQLRouteOptions {
  apollo: ApolloServer<GatewayContext>;
  authenticator: Authenticator;
  /** Largest accepted request body in bytes (BODY_LIMIT_BYTES, default 2 MiB). */
  bodyLimit: number;
  /** X-Forwarded-For entries believed (TRUSTED_PROXY_HOPS, default 0). */
  trustedProxyHops: number;
  /** Response headers the operation asked for (the session cookie, see use-session-cookie.ts). */
  responseHeaders: (req: IncomingMessage, context: GatewayContext | undefined) => [string, string][];
}

/**
 * `POST /graphql`: authenticates the caller (session cookie or API key), builds
 * the request's context and hands the request to Apollo. An invalid API key is
 * answered 401 INVALID_API_KEY before Apollo sees it; a bad or missing
 * session is simply anonymous.
 */
export function createGraphQLRoute(options: GraphQLRouteOptions): ScopedHandler {
  const contexts = new WeakMap<IncomingMessage, GatewayContext>();
  const graphql = createGraphQLHandler<GatewayContext>({
    server: options.apollo,
    bodyLimit: options.bodyLimit,
    context: async (req) => contexts.get(req) as GatewayContext,
    responseHeaders: (req) => options.responseHeaders(req, contexts.get(req)),
  });
  return async (req, res, { requestId, locale }) => {
    // Decision 0020: organizations (which knows sessions and keys) down or hanging is that subgraph being
    // unavailable, said as such (503, retry later), not a masked 500; anonymous callers never ask it.
    const auth = await options.authenticator.authenticate(req).catch(() => undefined);
    if (!auth) {
      res.setHeader('retry-after', '1');
      return sendError(res, 503, SUBGRAPH_UNAVAILABLE, subgraphUnavailable().messages[locale]);
    }
    if ('error' in auth) return sendError(res, 401, 'UNAUTHENTICATED', INVALID_API_KEY[locale]);
    contexts.set(req, { identity: auth.identity, requestId, locale, clientIp: clientAddress(req, options.trustedProxyHops), session: {}, cacheable: true });
    return graphql(req, res);
  };
}

const INVALID_API_KEY = {
  fi: 'API-avain on virheellinen, vanhentunut tai peruttu.',
  sv: 'API-nyckeln är ogiltig, har gått ut eller återkallats.',
  en: 'The API key is invalid, expired or revoked.',
} as const;
