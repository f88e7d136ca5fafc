/**
 * A small Kaikukanta client for partner systems — only `fetch`, no dependencies — and the partner flow of
 * docs/partners/README.md run with it. Node 24 runs it as it is (type stripping):
 *
 *   GATEWAY_URL=http://localhost:4000/graphql API_KEY=kk_… node docs/partners/examples/client.ts
 *
 * Copy the `KaikukantaClient` class into your system; `main()` below shows the flow. Each line printed is one
 * step: "<step> key=value …"; the process exits non-zero when a step does not answer as expected.
 */

/** A coded refusal: `code` is the contract (README "Error codes"), `message` is in the Accept-Language. */
export class KaikukantaError extends Error {
  readonly code: string;
  readonly details: Record<string, unknown>;
  /** True when the same request with the same idempotency key may simply be sent again. */
  readonly retryable: boolean;

  constructor(code: string, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'KaikukantaError';
    this.code = code;
    this.details = details;
    this.retryable = code === 'RATE_LIMITED' || code === 'INTERNAL_SERVER_ERROR' || code === 'NETWORK_ERROR';
  }
}

export interface Usage {
  id: string;
  cardCode: string;
  cardKind: 'PERSONAL' | 'COMMUNITY';
  childTickets: number;
  eventName: string;
  eventDate: string;
  registeredAt: string;
  capturedAt: string | null;
  cancelledAt: string | null;
  cancelReason: string | null;
}

export interface Registration {
  usages: Usage[];
  groupId: string | null;
  /** True when an earlier request with the same idempotency key wrote these uses: nothing was written now. */
  replayed: boolean;
}

export interface CardStatus {
  code: string;
  on: string;
  usable: boolean;
  reason: string | null;
  kind: 'PERSONAL' | 'COMMUNITY' | null;
  lastValidDay: string | null;
  childTicketLimit: number | null;
}

export interface EventSummary {
  id: string;
  name: string;
  kind: 'PERFORMANCE' | 'COURSE' | 'DAY_TICKET';
  startsAt: string;
  cap: number | null;
}

/** What a registration names: a kept event, the card, child tickets, and when it was captured if offline (R16). */
export interface UseInput {
  eventId: string;
  cardCode: string;
  childTickets?: number;
  capturedAt?: string;
}

export type CancelReason = 'ENTERED_IN_ERROR' | 'WRONG_CARD' | 'WRONG_EVENT' | 'TICKET_RETURNED' | 'EVENT_CANCELLED' | 'OTHER';

const USAGE_FIELDS = 'id cardCode cardKind childTickets eventName eventDate registeredAt capturedAt cancelledAt cancelReason';

export class KaikukantaClient {
  readonly #url: string;
  readonly #apiKey: string;
  readonly #language: string;

  constructor(options: { url: string; apiKey: string; language?: 'fi' | 'sv' | 'en' }) {
    this.#url = options.url;
    this.#apiKey = options.apiKey;
    this.#language = options.language ?? 'en';
  }

  /** One operation; throws the first error as a KaikukantaError (HTTP errors and timeouts as retryable ones). */
  async request<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    let res: Response;
    try {
      res = await fetch(this.#url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'accept-language': this.#language, authorization: `Bearer ${this.#apiKey}` },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(30_000),
      });
    } catch (error) {
      throw new KaikukantaError('NETWORK_ERROR', String(error));
    }
    const body = (await res.json().catch(() => ({}))) as { data?: T | null; errors?: { message: string; extensions?: { code?: string; details?: Record<string, unknown> } }[] };
    const [error] = body.errors ?? [];
    if (error) throw new KaikukantaError(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR', error.message, error.extensions?.details);
    if (!res.ok || !body.data) throw new KaikukantaError('INTERNAL_SERVER_ERROR', `HTTP ${res.status}`);
    return body.data;
  }

  /**
   * A write, sent again with the same idempotency key while the answer is unknown (network error, HTTP 5xx) or the
   * rate limit says to wait: the registry answers a repeat with the first answer and writes nothing twice.
   */
  async #write<T>(query: string, variables: Record<string, unknown>, attempts = 4): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.request<T>(query, variables);
      } catch (error) {
        if (!(error instanceof KaikukantaError) || !error.retryable || attempt >= attempts) throw error;
        const wait = Number(error.details.retryAfterSeconds ?? 0) * 1000 || 250 * 2 ** attempt;
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  }

  /** The key in use, its scopes, and (for a ticket agent) its client providers' next events (R18). */
  async whoAmI(): Promise<{ name: string; scopes: string[]; organization: { name: string; clientProviders: { id: string; name: string; upcomingEvents: EventSummary[] }[] } }> {
    const data = await this.request<{ currentApiKey: Awaited<ReturnType<KaikukantaClient['whoAmI']>> | null }>(
      '{ currentApiKey { name scopes organization { name clientProviders { id name upcomingEvents { id name kind startsAt cap } } } } }',
    );
    if (!data.currentApiKey) throw new KaikukantaError('UNAUTHENTICATED', 'not an API key');
    return data.currentApiKey;
  }

  /** A provider's upcoming events, soonest first. */
  async events(providerId: string, limit = 50): Promise<EventSummary[]> {
    const data = await this.request<{ upcomingEvents: EventSummary[] }>(
      'query ($providerId: ID, $limit: Int!) { upcomingEvents(providerId: $providerId, limit: $limit) { id name kind startsAt cap } }',
      { providerId, limit },
    );
    return data.upcomingEvents;
  }

  /** R29: whether the card can be used on `on` (the event's Finnish day; default today), and nothing more. */
  async cardStatus(code: string, on?: string): Promise<CardStatus> {
    const data = await this.request<{ cardStatus: CardStatus }>(
      'query ($code: String!, $on: Date) { cardStatus(code: $code, on: $on) { code on usable reason kind lastValidDay childTicketLimit } }',
      { code, on: on ?? null },
    );
    return data.cardStatus;
  }

  /** The registration rules for an event without writing: every problem's code (counts as a write for the rate). */
  async check(use: UseInput): Promise<{ usable: boolean; problems: { code: string; field: string; message: string }[] }> {
    const data = await this.request<{ usageCheck: { usable: boolean; problems: { code: string; field: string; message: string }[] } }>(
      'query ($input: CheckUsageInput!) { usageCheck(input: $input) { usable problems { code field message } } }',
      { input: { eventId: use.eventId, cardCode: use.cardCode, childTickets: use.childTickets ?? 0 } },
    );
    return data.usageCheck;
  }

  /** One use (R11); `idempotencyKey` is made once per sale and sent again unchanged on every retry. */
  async register(idempotencyKey: string, use: UseInput): Promise<Registration> {
    const data = await this.#write<{ registerUsage: Registration }>(
      `mutation ($input: RegisterUsageInput!) { registerUsage(input: $input) { replayed groupId usages { ${USAGE_FIELDS} } } }`,
      { input: { idempotencyKey, ...use } },
    );
    return data.registerUsage;
  }

  /** R14: the staff's community card and each member's own card, all or nothing (GROUP_REFUSED lists why). */
  async registerGroup(
    idempotencyKey: string,
    group: { eventId: string; staffCardCode: string; staffChildTickets?: number; members: { cardCode: string; childTickets?: number }[]; capturedAt?: string },
  ): Promise<Registration> {
    const data = await this.#write<{ registerGroupVisit: Registration }>(
      `mutation ($input: RegisterGroupVisitInput!) { registerGroupVisit(input: $input) { replayed groupId usages { ${USAGE_FIELDS} } } }`,
      { input: { idempotencyKey, ...group } },
    );
    return data.registerGroupVisit;
  }

  /** Cancels one of your uses until 7 days after the event's day; frees its cap place. */
  async cancel(idempotencyKey: string, usageId: string, reason: CancelReason): Promise<{ usage: Usage; replayed: boolean }> {
    const data = await this.#write<{ cancelUsage: { usage: Usage; replayed: boolean } }>(
      `mutation ($input: CancelUsageInput!) { cancelUsage(input: $input) { replayed usage { ${USAGE_FIELDS} } } }`,
      { input: { idempotencyKey, usageId, reason } },
    );
    return data.cancelUsage;
  }
}

/** The Finnish calendar day of an instant: an event's day (decision 0006). */
const finnishDay = (instant: string) => new Date(instant).toLocaleDateString('sv-SE', { timeZone: 'Europe/Helsinki' });

/** The code of the refusal `action` ends in; fails when it succeeds. */
async function refusal(action: () => Promise<unknown>): Promise<KaikukantaError> {
  try {
    await action();
  } catch (error) {
    if (error instanceof KaikukantaError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

function expect(condition: unknown, what: string): void {
  if (!condition) throw new Error(`FAILED: ${what}`);
}

async function main(): Promise<void> {
  const env = process.env;
  const client = new KaikukantaClient({
    url: env.GATEWAY_URL ?? 'http://localhost:4000/graphql',
    apiKey: env.API_KEY ?? 'kk_demo0001_kaikukanta-demo-partner-key-not-for-product',
  });
  const card = env.CARD ?? 'AM99001000';

  // 1. The key and the events it may register for.
  const me = await client.whoAmI();
  console.log(`key name="${me.name}" scopes=${me.scopes.join(',')}`);

  // 2. The event: EVENT_ID, or the first upcoming client event the card may be used for with one child ticket.
  let eventId = env.EVENT_ID ?? '';
  if (!eventId) {
    for (const provider of me.organization.clientProviders) {
      for (const event of (await client.events(provider.id, 20)).filter((e) => e.kind !== 'COURSE')) {
        if ((await client.check({ eventId: event.id, cardCode: card, childTickets: 1 })).usable) {
          eventId = event.id;
          break;
        }
      }
      if (eventId) break;
    }
  }
  expect(eventId, 'an upcoming event to register for');
  const event = me.organization.clientProviders.flatMap((p) => p.upcomingEvents).find((e) => e.id === eventId);
  const day = event ? finnishDay(event.startsAt) : undefined;
  console.log(`event id=${eventId} day=${day ?? ''} cap=${event?.cap ?? ''} name="${event?.name ?? ''}"`);

  // 3. Card status on the event's day.
  const status = await client.cardStatus(card, day);
  expect(status.usable, `card ${card} usable: ${JSON.stringify(status)}`);
  console.log(`status code=${status.code} usable=${status.usable} kind=${status.kind} lastValidDay=${status.lastValidDay} childTicketLimit=${status.childTicketLimit}`);

  // 4. Registration under a key made for this sale.
  const key = crypto.randomUUID();
  const sale: UseInput = { eventId, cardCode: card, childTickets: 1 };
  const first = await client.register(key, sale);
  const usage = first.usages[0];
  expect(usage, 'registerUsage answered a use');
  console.log(`registered usage=${usage?.id} replayed=${first.replayed} childTickets=${usage?.childTickets}`);

  // 5. The same request again with the same key: the first answer, nothing written.
  const again = await client.register(key, sale);
  expect(again.usages[0]?.id === usage?.id, 'a retry answers the same use');
  console.log(`retried usage=${again.usages[0]?.id} replayed=${again.replayed}`);

  // 6. The same key with other content: refused, nothing written.
  const reused = await refusal(() => client.register(key, { ...sale, childTickets: 2 }));
  console.log(`reused code=${reused.code}`);

  // 7. Offline capture: the key made at the sale, capturedAt when it happened; sending twice registers once.
  const queued = { key: crypto.randomUUID(), use: { eventId, cardCode: card, capturedAt: new Date(Date.now() - 10 * 60_000).toISOString() } };
  const sent = await client.register(queued.key, queued.use);
  const resent = await client.register(queued.key, queued.use);
  console.log(`offline usage=${sent.usages[0]?.id} capturedAt=${sent.usages[0]?.capturedAt} resent=${resent.usages[0]?.id} replayed=${resent.replayed}`);

  // 8. Group visit, all or nothing.
  const group = await client.registerGroup(crypto.randomUUID(), {
    eventId,
    staffCardCode: env.GROUP_STAFF_CARD ?? 'AM99001048',
    members: (env.GROUP_MEMBER_CARDS ?? 'AM99001002 AM99001003').split(' ').map((cardCode) => ({ cardCode })),
  });
  console.log(`group id=${group.groupId} uses=${group.usages.length} cards=${group.usages.map((u) => `${u.cardCode}:${u.cardKind}`).join(',')}`);

  // 9. A refusal: a stable code, the field, a message in the chosen language.
  const refused = await refusal(() => client.register(crypto.randomUUID(), { eventId, cardCode: env.REFUSED_CARD ?? 'AM99001041' }));
  console.log(`refused code=${refused.code} field=${String(refused.details.field)} message="${refused.message}"`);

  // 10. Cancellation, idempotent like a registration.
  const cancelKey = crypto.randomUUID();
  const cancelled = await client.cancel(cancelKey, usage?.id ?? '', 'TICKET_RETURNED');
  const recancelled = await client.cancel(cancelKey, usage?.id ?? '', 'TICKET_RETURNED');
  expect(cancelled.usage.cancelledAt, 'the use is cancelled');
  console.log(`cancelled usage=${cancelled.usage.id} reason=${cancelled.usage.cancelReason} replayed=${recancelled.replayed}`);
}

// Run the flow when started as a program (`node client.ts`), not when imported.
if (import.meta.main) {
  await main().catch((error: unknown) => {
    console.error(error instanceof KaikukantaError ? `FAILED: ${error.code}: ${error.message}` : error);
    process.exitCode = 1;
  });
}
