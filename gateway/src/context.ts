import type { Locale } from '@kaikukanta/kit/i18n';
import type { Identity } from '@kaikukanta/kit/identity';

export interface GatewayContext {
  identity: Identity;
  requestId: string;
  locale: Locale;
  clientIp?: string;
  /** What the organizations subgraph asked to do with the session during this request. */
  session: { set?: string; changed?: string };
  /**
   * Set by the HTTP route only: the request may be answered from, or stored in, the anonymous response cache
   * (use-response-cache.ts). The live channel's per-event resolutions leave it unset, so they never read a cached answer.
   */
  cacheable?: boolean;
}
