import { GraphQLError, type ExecutionArgs, type ExecutionResult, type FormattedExecutionResult } from 'graphql';
import { GENERIC_MESSAGES } from '@kaikukanta/kit/errors';
import type { Identity } from '@kaikukanta/kit/identity';
import type { Logger } from '@kaikukanta/kit/logger';
import { requestIdFrom } from '@kaikukanta/kit/request-scope';
import type { GatewayContext } from '../context.js';
import type { EntityPlan, SubscriptionPlan, SubscriptionPlanner } from './plan.js';
import type { SharedUpstream, UpstreamPayload } from './upstream.js';

/** Runs one operation through the gateway's own pipeline (ApolloServer: armor, cost, identity tokens, formatError). */
export type GatewayExecutor = (request: { query: string; variables: Record<string, unknown>; operationName?: string }, context: GatewayContext) => Promise<FormattedExecutionResult>;

export interface LiveResolverOptions {
  planner: SubscriptionPlanner;
  upstream: SharedUpstream;
  execute: GatewayExecutor;
  /** Signs a token naming the caller for the owner of the Subscription root (M1: its audience only). */
  signUpstreamIdentity: (identity: Identity) => Promise<string>;
  logger: Logger;
  /** Counts each per-event resolution (one per group per event). */
  onResolution?: () => void;
}

/** Results a subscriber may fall behind by before it is ended; it can resume with `after`. */
const MAX_QUEUED = 1_000;

/**
 * What decides what a caller may see, and nothing else: a person's
 * membership (role, organisation, region) or a key's organisation and
 * scopes. Every access rule of the subgraphs is written on these (decision
 * 0013), so subscribers with the same scope get the same answer and share
 * one resolution per event (decision 0016). A person without a membership is
 * a scope of their own.
 */
export function scopeOf(identity: Identity): string {
  if (identity.kind === 'anonymous') return 'anonymous';
  if (identity.kind === 'apiKey') return `key:${identity.organizationId}:${identity.regionId ?? ''}:${[...identity.scopes].sort().join(',')}`;
  const m = identity.membership;
  return m ? `member:${m.role}:${m.organizationId ?? ''}:${m.regionId ?? ''}` : `person:${identity.userId}`;
}

/** Counters that make the keys of resuming groups and topics unique. */
let resumingGroups = 0;
let resumingTopics = 0;

/**
 * Client subscriptions grouped by (document, variables, scope): a group
 * listens to one upstream topic and resolves each event once, with the
 * identity of one of its members, for all of them. Results go out in event
 * order; resolutions of consecutive events may run at once.
 */
export class LiveResolver {
  readonly #groups = new Map<string, Group>();

  constructor(private readonly options: LiveResolverOptions) {}

  /** The graphql-ws `subscribe` of one client subscription (already validated against the API schema). */
  subscribe(args: ExecutionArgs, context: GatewayContext | undefined): AsyncIterableIterator<ExecutionResult> {
    const member = new Member(() => group?.leave(member));
    if (!context) {
      member.end();
      return member;
    }
    const variables = (args.variableValues ?? {}) as Record<string, unknown>;
    const plan = this.options.planner.plan(args.document, variables, args.operationName);
    const scope = scopeOf(context.identity);
    // Decision 0016: a client resuming with `after` forms its own group (and topic, see join): a group that started
    // from the same sequence earlier has passed it, and a late member would miss what came between (decision 0020).
    const resuming = plan.upstream.resume?.initial !== undefined && plan.upstream.resume.initial !== null;
    const key = JSON.stringify([plan.kind === 'entity' ? plan.lookup.query : plan.upstream.query, variables, scope, ...(resuming ? [++resumingGroups] : [])]);
    let group = this.#groups.get(key);
    if (!group) {
      group = new Group(plan, scope, this.options, () => this.#groups.delete(key));
      this.#groups.set(key, group);
    }
    group.join(member, context);
    return member;
  }

  get groupCount(): number {
    return this.#groups.size;
  }
}

class Group {
  readonly #members = new Map<Member, GatewayContext>();
  #stopListening: (() => void) | undefined;
  #tail: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(
    private readonly plan: SubscriptionPlan,
    private readonly scope: string,
    private readonly options: LiveResolverOptions,
    private readonly forget: () => void,
  ) {}

  join(member: Member, context: GatewayContext): void {
    this.#members.set(member, context);
    if (this.#stopListening) return;
    const { plan } = this;
    const initial = plan.upstream.resume?.initial ?? null;
    // A resuming group's topic is its own too: a topic that started from the same sequence has passed it.
    const upstreamKey = JSON.stringify([plan.upstream.query, plan.upstream.variables, initial, this.scope, ...(initial === null ? [] : [++resumingTopics])]);
    this.#stopListening = this.options.upstream.listen(
      upstreamKey,
      {
        payload: (after) => this.#payload(after),
        ...(plan.kind === 'entity' && plan.upstream.resume ? { sequenceOf: (result) => sequenceOf(plan, result) } : {}),
      },
      {
        next: (result) => this.#event(result),
        end: (errors) => this.#end(errors),
      },
    );
  }

  leave(member: Member): void {
    this.#members.delete(member);
    if (this.#members.size > 0 || this.#closed) return;
    this.#closed = true;
    this.forget();
    this.#stopListening?.();
  }

  /** A member who still listens: the group's answers are resolved with their identity. */
  #representative(): GatewayContext | undefined {
    return this.#members.values().next().value;
  }

  async #payload(after: number | null): Promise<UpstreamPayload> {
    const context = this.#representative();
    if (!context) throw new Error('live group without members');
    const { upstream } = this.plan;
    const from = after ?? upstream.resume?.initial ?? null;
    return {
      query: upstream.query,
      ...(upstream.operationName ? { operationName: upstream.operationName } : {}),
      variables: upstream.resume ? { ...upstream.variables, [upstream.resume.variable]: from } : upstream.variables,
      extensions: { identity: await this.options.signUpstreamIdentity(context.identity), requestId: context.requestId, locale: context.locale },
    };
  }

  #event(result: FormattedExecutionResult): void {
    const resolution = this.plan.kind === 'entity' ? this.#resolve(this.plan, result) : Promise.resolve(toExecutionResult(result));
    this.#tail = this.#tail.then(async () => {
      const value = await resolution;
      if (value) for (const member of this.#members.keys()) member.push(value);
    });
  }

  /** One query per event for the whole group; null when the event is not this group's to see. */
  async #resolve(plan: EntityPlan, result: FormattedExecutionResult): Promise<ExecutionResult | null> {
    const entity = result.data?.[plan.responseKey] as Record<string, unknown> | null | undefined;
    if (!entity || result.errors?.length) return toExecutionResult(result);
    const context = this.#representative();
    if (!context) return null;
    const variables = { ...plan.lookup.variables };
    for (const key of plan.keyFields) variables[plan.lookup.keyVariable(key)] = entity[key];
    this.options.onResolution?.();
    try {
      const answer = await this.options.execute(
        { query: plan.lookup.query, variables, ...(plan.lookup.operationName ? { operationName: plan.lookup.operationName } : {}) },
        // A request of its own per event: its own request id in the logs, no session to change.
        { identity: context.identity, locale: context.locale, requestId: requestIdFrom(undefined), session: {}, ...(context.clientIp ? { clientIp: context.clientIp } : {}) },
      );
      // Out of scope, or no longer kept: the same null the query gives, so nothing is sent.
      const value = answer.data?.[plan.responseKey] ?? null;
      if (value === null && !answer.errors?.length) return null;
      return toExecutionResult(value === null ? { data: null, errors: answer.errors } : answer);
    } catch (error) {
      this.options.logger.error({ err: error, requestId: context.requestId }, 'live event resolution failed');
      return { errors: [new GraphQLError(GENERIC_MESSAGES.INTERNAL_SERVER_ERROR[context.locale], { extensions: { code: 'INTERNAL_SERVER_ERROR' } })] };
    }
  }

  #end(errors: FormattedExecutionResult['errors']): void {
    const members = [...this.#members.keys()];
    void this.#tail.then(() => {
      for (const member of members) member.end(errors ? toExecutionResult({ errors }) : undefined);
    });
  }
}

function sequenceOf(plan: EntityPlan, result: FormattedExecutionResult): number | null {
  const value = (result.data?.[plan.responseKey] as Record<string, unknown> | null | undefined)?.sequence;
  return typeof value === 'number' ? value : null;
}

/** graphql-ws serialises `errors` with `toJSON()`, which formatted (plain) errors lack. */
function toExecutionResult(result: FormattedExecutionResult): ExecutionResult {
  if (!result.errors) return result as ExecutionResult;
  return {
    ...result,
    errors: result.errors.map((error) => new GraphQLError(error.message, { ...(error.path ? { path: error.path } : {}), extensions: error.extensions ?? {} })),
  } as ExecutionResult;
}

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

/**
 * One client subscription's results. A plain iterator rather than an async
 * generator: graphql-ws ends a subscription (client `complete`, socket
 * closed, 4401) by calling `return()`, which must leave the group at once,
 * not at the next event.
 */
class Member implements AsyncIterableIterator<ExecutionResult> {
  readonly #queue: ExecutionResult[] = [];
  #waiting: ((result: IteratorResult<ExecutionResult>) => void) | undefined;
  #done = false;

  constructor(private readonly leave: () => void) {}

  [Symbol.asyncIterator](): AsyncIterableIterator<ExecutionResult> {
    return this;
  }

  push(value: ExecutionResult): void {
    if (this.#done) return;
    if (this.#waiting) {
      const waiting = this.#waiting;
      this.#waiting = undefined;
      waiting({ done: false, value });
    } else if (this.#queue.length < MAX_QUEUED) {
      this.#queue.push(value);
    } else {
      this.#queue.push({ errors: [new GraphQLError('Subscriber too slow; resume with `after`.', { extensions: { code: 'SUBSCRIBER_TOO_SLOW' } })] });
      this.end();
    }
  }

  /** Ends after what is queued (and a last result, e.g. the upstream's refusal). */
  end(last?: ExecutionResult): void {
    if (this.#done) return;
    if (last) this.push(last);
    this.#done = true;
    this.leave();
    const waiting = this.#waiting;
    this.#waiting = undefined;
    waiting?.(DONE);
  }

  async next(): Promise<IteratorResult<ExecutionResult>> {
    const value = this.#queue.shift();
    if (value) return { done: false, value };
    if (this.#done) return DONE;
    return new Promise((resolve) => (this.#waiting = resolve));
  }

  async return(): Promise<IteratorResult<ExecutionResult>> {
    this.#queue.length = 0;
    this.end();
    return DONE;
  }
}
