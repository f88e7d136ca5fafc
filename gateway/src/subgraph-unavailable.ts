import { AppError } from '@kaikukanta/kit/errors';

/** The stable code of a part of an answer the gateway could not get from its subgraph (decision 0020). */
export const SUBGRAPH_UNAVAILABLE = 'SUBGRAPH_UNAVAILABLE';

/** Why a subgraph fetch counts as the subgraph being unavailable, or undefined when it does not. */
export type UnavailableReason = 'timeout' | 'unreachable' | 'proxy';

/**
 * `timeout`: the fetcher's own deadline passed (AbortSignal.timeout's TimeoutError); `unreachable`: undici could
 * not connect or lost the connection (`TypeError: fetch failed`); `proxy`: a load balancer in front of the subgraph
 * answered 502, 503 or 504. A response the subgraph itself sent with another status is not unavailability.
 */
export function unavailableReason(error: unknown, response: { status: number } | undefined): UnavailableReason | undefined {
  if (response && [502, 503, 504].includes(response.status)) return 'proxy';
  if (response) return undefined;
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return 'timeout';
  if (error instanceof TypeError) return 'unreachable';
  return undefined;
}

/**
 * The error the caller sees for the missing part: a code to act on (retry later) and a message in their language.
 * It names no subgraph (the topology is nobody's business; the gateway's log and `/readyz` name it).
 */
export function subgraphUnavailable(): AppError {
  return new AppError(SUBGRAPH_UNAVAILABLE, {
    messages: {
      fi: 'Osa tiedoista ei ole juuri nyt saatavilla. Yritä hetken kuluttua uudelleen.',
      sv: 'En del av uppgifterna är inte tillgängliga just nu. Försök igen om en stund.',
      en: 'Part of the data is not available right now. Try again in a moment.',
    },
  });
}
