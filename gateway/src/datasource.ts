import type { KeyObject } from 'node:crypto';
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { SubgraphName } from '@kaikukanta/kit/config';
import { IDENTITY_HEADER, REQUEST_ID_HEADER, SESSION_CHANGED_HEADER, SESSION_TOKEN_HEADER } from '@kaikukanta/kit/identity';
import type { Logger } from '@kaikukanta/kit/logger';
import type { GatewayContext } from './context.js';
import { IdentityTokens } from './identity-tokens.js';
import { subgraphUnavailable, unavailableReason } from './subgraph-unavailable.js';

type ResponseArgs = Parameters<NonNullable<RemoteGraphQLDataSource<GatewayContext>['didReceiveResponse']>>[0];
type GatewayResponse = Awaited<ReturnType<RemoteGraphQLDataSource<GatewayContext>['process']>>;

export interface IdentityDataSourceOptions {
  /** The subgraph this data source calls: the audience of every token it signs. */
  subgraph: SubgraphName;
  /** The gateway's signing key (IDENTITY_PRIVATE_KEY). */
  privateKey: KeyObject;
  logger: Logger;
  /** Signed tokens reused for a few seconds (issue 12, decision 0023); shared by every data source when given. */
  tokens?: IdentityTokens;
}

/** The one subgraph that owns sessions, hence the only one whose session instructions become a cookie. */
const SESSION_OWNER: SubgraphName = 'organizations';

/**
 * Sends each subgraph request with an identity token for the caller, signed
 * for that subgraph alone (M1) at most a few seconds ago (identity-tokens.ts), the request id and the caller's
 * language — and nothing else from the client. Picks up session instructions
 * (new token, session changed) from the organizations subgraph's response for
 * the gateway to turn into a cookie; any other subgraph's are ignored.
 */
export class IdentityDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  readonly #identity: IdentityDataSourceOptions;
  readonly #tokens: IdentityTokens;

  constructor(options: ConstructorParameters<typeof RemoteGraphQLDataSource<GatewayContext>>[0], identity: IdentityDataSourceOptions) {
    super(options);
    this.#identity = identity;
    this.#tokens = identity.tokens ?? new IdentityTokens({ privateKey: identity.privateKey });
  }

  /**
   * Issue 12: RemoteGraphQLDataSource's `process` less what this gateway never uses — automatic persisted queries
   * (off), the subgraphs' cache-control hints (they send none; the gateway's own cache is decision 0021) — and with a
   * plain map for the headers instead of a node-fetch `Headers` that validates every value by regular expression.
   */
  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayResponse> {
    const { request, context } = options;
    const headers = new Map<string, string>(request.http?.headers ? [...(request.http.headers as Iterable<[string, string]>)] : []);
    headers.set('content-type', 'application/json');
    request.http = { method: 'POST', url: this.url, headers: headers as never };
    await this.willSendRequest(options);
    if (!request.query) throw new Error('Missing query');
    const response = (await this.#send(request as never, context as GatewayContext)) as GatewayResponse;
    const pathInIncomingRequest = options.kind === 'incoming operation' ? (options as { pathInIncomingRequest?: ResponseArgs['pathInIncomingRequest'] }).pathInIncomingRequest : undefined;
    return this.didReceiveResponse({ response, request, context, pathInIncomingRequest } as ResponseArgs);
  }

  /**
   * The fetch step: RemoteGraphQLDataSource's own `sendRequest` less the node-fetch `Request` it builds per fetch only
   * to hand to hooks that never read it here (about 5 % of the gateway's CPU on a card status, the legacy URL parser
   * included). gateway/src/fetcher.spec.ts and the e2e tests drive it.
   */
  async #send(request: { http?: { method: string; url: string; headers: Iterable<[string, string]> } } & Record<string, unknown>, context: GatewayContext): Promise<object> {
    if (!request.http) throw new Error("Internal error: Only 'http' requests are supported.");
    const { http, ...withoutHttp } = request;
    const init = { method: http.method, headers: Object.fromEntries(http.headers), body: JSON.stringify(withoutHttp) };
    let response: Awaited<ReturnType<IdentityDataSource['fetcher']>> | undefined;
    try {
      response = await this.fetcher(http.url, init);
      if (!response.ok) throw await this.errorFromResponse(response);
      const body = await this.parseBody(response, undefined, context);
      if (typeof body !== 'object' || body === null) throw new Error(`Expected JSON response body, but received: ${String(body)}`);
      return { ...body, http: response };
    } catch (error) {
      // A connection lost or a deadline passed while the body was read is the subgraph unavailable, as before any
      // answer (fetcher.ts throws those as fetch would); only an answer's own status is judged by the status.
      const lost = error instanceof TypeError || (error as Error).name === 'TimeoutError';
      this.didEncounterError(error as Error, undefined as never, lost ? undefined : response, context);
    }
  }

  override async willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    const headers = request.http?.headers;
    if (!headers) return;
    const ctx = context as Partial<GatewayContext>;
    // Internal operations (e.g. health checks) have no caller: they go as anonymous.
    const token = await this.#tokens.sign(ctx.identity ?? { kind: 'anonymous' }, this.#identity.subgraph, ctx.clientIp);
    headers.set(IDENTITY_HEADER, token);
    if (ctx.requestId) headers.set(REQUEST_ID_HEADER, ctx.requestId);
    if (ctx.locale) headers.set('accept-language', ctx.locale);
  }

  /**
   * A subgraph that refuses the connection, resets it, answers 502–504 (a proxy in front of it) or does not answer
   * within its timeout (fetcher.ts) costs the caller only its part of the answer: its fields are null with one
   * SUBGRAPH_UNAVAILABLE error in the caller's language, the rest of the plan's data stands (decision 0020).
   * Everything else (a subgraph's own 500, a malformed body) stays an internal error, masked and logged.
   */
  override didEncounterError(error: Error, _request: unknown, response?: { status: number }, context?: GatewayContext): never {
    const reason = unavailableReason(error, response);
    if (!reason) throw error;
    this.#identity.logger.warn({ requestId: context?.requestId, subgraph: this.#identity.subgraph, reason, err: { message: error.message } }, 'subgraph unavailable; answering without its part');
    throw subgraphUnavailable();
  }

  override didReceiveResponse({ response, context }: ResponseArgs) {
    const headers = response.http?.headers;
    const ctx = context as Partial<GatewayContext>;
    const session = ctx.session;
    if (headers && session) {
      const token = headers.get(SESSION_TOKEN_HEADER);
      const changed = headers.get(SESSION_CHANGED_HEADER);
      if (this.#identity.subgraph !== SESSION_OWNER) {
        // M1: a subgraph that sets the caller's cookie could fix a session on them; only organizations may.
        if (token || changed) this.#identity.logger.warn({ requestId: ctx.requestId, subgraph: this.#identity.subgraph }, 'session instruction from a subgraph that does not own sessions ignored');
        return response;
      }
      if (token) session.set = token;
      if (changed) session.changed = changed;
    }
    return response;
  }
}
