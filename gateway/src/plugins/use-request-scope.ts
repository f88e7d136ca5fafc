import type { IncomingMessage, ServerResponse } from 'node:http';
import { GENERIC_MESSAGES, loggableError } from '@kaikukanta/kit/errors';
import { sendError } from '@kaikukanta/kit/http';
import { pickLocale } from '@kaikukanta/kit/i18n';
import { REQUEST_ID_HEADER } from '@kaikukanta/kit/identity';
import type { Logger } from '@kaikukanta/kit/logger';
import { requestIdFrom, runInRequestScope, type RequestScope } from '@kaikukanta/kit/request-scope';
import { setSecurityHeaders } from '../http/security-headers.js';

export type ScopedHandler = (req: IncomingMessage, res: ServerResponse, scope: RequestScope) => Promise<void> | void;

/**
 * Gives every HTTP request a scope before anything else runs: a new request id
 * (never the client's: the id ties our own log lines together), the caller's
 * language from Accept-Language (default Finnish), the id in the
 * `x-request-id` response header and the security headers. A handler that
 * throws is logged with the request id, without driver details (L2,
 * `loggableError`), and answered 500 INTERNAL_SERVER_ERROR in that language.
 */
export function useRequestScope(handler: ScopedHandler, logger: Logger) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const scope: RequestScope = { requestId: requestIdFrom(undefined), locale: pickLocale(req.headers['accept-language']) };
    res.setHeader(REQUEST_ID_HEADER, scope.requestId);
    setSecurityHeaders(res);
    void runInRequestScope(scope, async () => handler(req, res, scope)).catch((error: unknown) => {
      logger.error({ err: loggableError(error), requestId: scope.requestId }, 'request failed');
      if (res.headersSent) res.destroy();
      else sendError(res, 500, 'INTERNAL_SERVER_ERROR', GENERIC_MESSAGES.INTERNAL_SERVER_ERROR[scope.locale]);
    });
  };
}
