import type { Locale } from '@kaikukanta/kit/i18n';
import type { Identity } from '@kaikukanta/kit/identity';

export interface GatewayContext {
  identity: Identity;
  requestId: string;
  locale: Locale;
  clientIp?: string;
  /** What the organizations subgraph asked to do with the session during this request. */
  session: { set?: string; changed?: string };
}
