import { createClient, type Client } from 'graphql-ws';
import type { FormattedExecutionResult } from 'graphql';
import { WebSocket } from 'ws';
import type { Logger } from '@kaikukanta/kit/logger';

/** What one upstream subscription sends: the document, and `extensions` naming its caller (decision 0016). */
export interface UpstreamPayload {
  query: string;
  operationName?: string;
  variables: Record<string, unknown>;
  extensions: { identity: string; requestId: string; locale: string };
}

export interface TopicListener {
  next(result: FormattedExecutionResult): void;
  /** The upstream refused or ended the subscription for good; the listener is forgotten. */
  end(errors?: FormattedExecutionResult['errors']): void;
}

export interface TopicRequest {
  /**
   * Builds the payload for a (re)subscription: a fresh identity token, and
   * the last sequence seen when the topic resumes after losing the connection.
   */
  payload(after: number | null): Promise<UpstreamPayload>;
  /** The sequence an event carries, when the topic resumes by one. */
  sequenceOf?(result: FormattedExecutionResult): number | null;
}

export interface SharedUpstreamOptions {
  /** graphql-ws URL of the subgraph that owns the Subscription root. */
  url: string;
  /** The connection's own token: the gateway itself, no caller (each subscription names its caller). */
  connectionIdentity: () => Promise<string>;
  logger: Logger;
  /** Reconnection attempts of a topic after its connection is lost, with backoff (default 8: about a minute). */
  retries?: number;
  /** Told when the upstream connection opens (+1) or closes (-1), and when a topic starts (+1) or ends (-1). */
  onConnection?: (delta: 1 | -1) => void;
  onTopic?: (delta: 1 | -1) => void;
}

/**
 * ONE graphql-ws connection from this gateway to the owner of the
 * Subscription root (decision 0016; it was one per client socket, 0003).
 * Upstream subscriptions are topics keyed by their document, variables and
 * the caller's scope; every client subscription with the same key listens to
 * the same topic, so a thousand analysts watching one figure are one upstream
 * subscription. Lazy: the connection opens with the first topic and closes
 * when the last one ends. A topic whose connection is lost subscribes again
 * with a fresh token, from the last sequence it saw, so its listeners miss
 * nothing and see nothing twice.
 */
export class SharedUpstream {
  readonly #client: Client;
  readonly #topics = new Map<string, Topic>();

  constructor(private readonly options: SharedUpstreamOptions) {
    this.#client = createClient({
      url: options.url,
      webSocketImpl: WebSocket,
      lazy: true,
      lazyCloseTimeout: 0,
      // Topics resubscribe themselves (fresh token, resume point); the client must not replay stale payloads.
      retryAttempts: 0,
      connectionParams: async () => ({ identity: await options.connectionIdentity() }),
    });
    let open = false;
    this.#client.on('connected', () => {
      open = true;
      options.onConnection?.(1);
    });
    this.#client.on('closed', () => {
      if (open) options.onConnection?.(-1);
      open = false;
    });
  }

  /** Listens to the topic `key`, subscribing upstream when it is the first listener; returns the way out. */
  listen(key: string, request: TopicRequest, listener: TopicListener): () => void {
    let topic = this.#topics.get(key);
    if (!topic) {
      topic = new Topic(this.#client, request, this.options.logger, this.options.retries ?? 8, () => {
        this.#topics.delete(key);
        this.options.onTopic?.(-1);
      });
      this.#topics.set(key, topic);
      this.options.onTopic?.(1);
      topic.start();
    }
    const joined = topic;
    joined.listeners.add(listener);
    return () => joined.leave(listener);
  }

  /** Open upstream subscriptions (for tests and metrics). */
  get topicCount(): number {
    return this.#topics.size;
  }

  async dispose(): Promise<void> {
    for (const topic of [...this.#topics.values()]) topic.stop();
    await this.#client.dispose();
  }
}

class Topic {
  readonly listeners = new Set<TopicListener>();
  #unsubscribe: (() => void) | undefined;
  #last: number | null = null;
  #failures = 0;
  #stopped = false;
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly client: Client,
    private readonly request: TopicRequest,
    private readonly logger: Logger,
    private readonly retries: number,
    private readonly forget: () => void,
  ) {}

  start(): void {
    void this.request.payload(this.#last).then(
      (payload) => {
        if (this.#stopped) return;
        this.#unsubscribe = this.client.subscribe<Record<string, unknown>, Record<string, unknown>>(payload, {
          next: (result) => {
            this.#failures = 0;
            const sequence = this.request.sequenceOf?.(result);
            if (sequence !== undefined && sequence !== null) this.#last = sequence;
            for (const listener of this.listeners) listener.next(result);
          },
          error: (error) => {
            // An array is the upstream's answer (e.g. FORBIDDEN): final. Anything else is the connection.
            if (Array.isArray(error)) this.#end(error as FormattedExecutionResult['errors']);
            else this.#retry(error);
          },
          complete: () => {
            if (!this.#stopped) this.#end();
          },
        });
      },
      (error: unknown) => this.#retry(error),
    );
  }

  leave(listener: TopicListener): void {
    this.listeners.delete(listener);
    if (this.listeners.size === 0) this.stop();
  }

  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.forget();
    const unsubscribe = this.#unsubscribe;
    this.#unsubscribe = undefined;
    unsubscribe?.();
  }

  #retry(error: unknown): void {
    if (this.#stopped) return;
    this.#unsubscribe = undefined;
    this.#failures += 1;
    if (this.#failures > this.retries) {
      this.logger.error({ err: error }, 'upstream subscription lost; giving up');
      this.#end([{ message: 'upstream unavailable', extensions: { code: 'SERVICE_UNAVAILABLE' } }]);
      return;
    }
    const delay = Math.min(250 * 2 ** (this.#failures - 1), 10_000);
    this.logger.warn({ attempt: this.#failures, retryInMs: delay, resumeAfter: this.#last }, 'upstream subscription lost; subscribing again');
    this.#timer = setTimeout(() => this.start(), delay);
    this.#timer.unref();
  }

  #end(errors?: FormattedExecutionResult['errors']): void {
    const listeners = [...this.listeners];
    this.listeners.clear();
    this.stop();
    for (const listener of listeners) listener.end(errors);
  }
}
