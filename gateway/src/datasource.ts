import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { IDENTITY_HEADER, REQUEST_ID_HEADER, SESSION_CHANGED_HEADER, SESSION_TOKEN_HEADER, signIdentity } from '@kaikukanta/kit';
import type { GatewayContext } from './context.js';

type ResponseArgs = Parameters<NonNullable<RemoteGraphQLDataSource<GatewayContext>['didReceiveResponse']>>[0];

/**
 * Sends each subgraph request with a fresh identity token for the caller, the
 * request id and the caller's language — and nothing else from the client.
 * Picks up session instructions (new token, session changed) from the
 * organizations subgraph's response for the gateway to turn into a cookie.
 */
export class IdentityDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(options: ConstructorParameters<typeof RemoteGraphQLDataSource<GatewayContext>>[0], private readonly secret: string) {
    super(options);
  }

  override async willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    const headers = request.http?.headers;
    if (!headers) return;
    const ctx = context as Partial<GatewayContext>;
    // Internal operations (e.g. health checks) have no caller: they go as anonymous.
    const token = await signIdentity(ctx.identity ?? { kind: 'anonymous' }, this.secret, undefined, ctx.clientIp ? { clientIp: ctx.clientIp } : {});
    headers.set(IDENTITY_HEADER, token);
    if (ctx.requestId) headers.set(REQUEST_ID_HEADER, ctx.requestId);
    if (ctx.locale) headers.set('accept-language', ctx.locale);
  }

  override didReceiveResponse({ response, context }: ResponseArgs) {
    const headers = response.http?.headers;
    const session = (context as Partial<GatewayContext>).session;
    if (headers && session) {
      const token = headers.get(SESSION_TOKEN_HEADER);
      const changed = headers.get(SESSION_CHANGED_HEADER);
      if (token) session.set = token;
      if (changed) session.changed = changed;
    }
    return response;
  }
}
