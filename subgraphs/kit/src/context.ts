import type { EntityManager } from '@mikro-orm/postgresql';
import type { Identity } from './identity.js';
import type { Locale } from './i18n.js';
import { Loaders } from './loaders.js';
import type { RequestInfo } from './server.js';

/** What every resolver receives: who asks (as vouched for by the gateway), a fresh entity manager, and per-request loaders. */
export interface SubgraphContext {
  identity: Identity;
  requestId: string;
  locale: Locale;
  em: EntityManager;
  loaders: Loaders;
  clientIp?: string;
  /** Headers for the HTTP response; the gateway reads the session ones. */
  responseHeaders: Map<string, string>;
}

/** A context factory forking the entity manager per request (STYLE habit 5). */
export function contextFactory(rootEm: EntityManager) {
  return (info: RequestInfo): SubgraphContext => ({
    ...info,
    em: rootEm.fork({ clear: true }),
    loaders: new Loaders(),
  });
}
