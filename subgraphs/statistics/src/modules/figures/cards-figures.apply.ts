import { addDays, bound, type CardsOutboxEvent, type EntityManager } from '@kaikukanta/kit';
import { CellDeltas } from './cells.js';
import { organizationDims } from './organization-dims.js';

const DAILY_KEYS = [['day', 'date'], ['distributor_id', 'uuid'], ['region', 'text'], ['municipality', 'text'], ['card_kind', 'text']] as const;
const BACKGROUND_KEYS = [['day', 'date'], ['distributor_id', 'uuid'], ['region', 'text'], ['municipality', 'text'], ['dimension', 'text'], ['value', 'text']] as const;

/** The background dimensions of R25, as the cards outbox bands them (kit/contracts/cards-outbox.ts). */
export const BACKGROUND_DIMENSIONS = ['BIRTH_DECADE', 'MOTHER_TONGUE', 'GENDER', 'POSTAL_AREA', 'LIFE_SITUATION', 'CHILDREN'] as const;
export type BackgroundDimension = (typeof BACKGROUND_DIMENSIONS)[number];

interface State {
  cardKind: string;
  distributorId: string;
  region: string;
  municipality: string;
  grantedOn: string;
  activeUntil: string;
}

/**
 * R6, R25: what card events change in the card read models, in the reader's transaction. A card is active on a
 * day from its grant day until the day before `activeUntil` = min(last valid day + 1, closing day), as cards'
 * `statusOn` (decision 0006); `active_delta` holds +1 where that span starts and -1 where it ends, so the cards
 * active on a day are the sum of deltas up to it. An extension or ending moves the end: -(old) +(new).
 */
export async function applyCardFigures(em: EntityManager, events: readonly CardsOutboxEvent[]): Promise<void> {
  if (!events.length) return;
  const dimsOf = await organizationDims(em, events.map((e) => e.distributorId));
  const ids = [...new Set(events.map((e) => e.cardId))];
  const rows = await em.execute<(State & { cardId: string })[]>(
    `select card_id as "cardId", card_kind as "cardKind", distributor_id as "distributorId", region, municipality, granted_on::text as "grantedOn", active_until::text as "activeUntil"
       from statistics.card_state where card_id = any(?::uuid[])`,
    [`{${ids.join(',')}}`],
  );
  const states = new Map<string, State>(rows.map((row) => [row.cardId, row]));
  const changed = new Map<string, State>();
  const daily = new CellDeltas('card_daily', DAILY_KEYS, ['granted', 'extended', 'ended', 'taken_out_of_use', 'active_delta']);
  const background = new CellDeltas('card_background', BACKGROUND_KEYS, ['cards']);
  const cell = (state: State, day: string) => ({ day, distributor_id: state.distributorId, region: state.region, municipality: state.municipality, card_kind: state.cardKind });
  const moveEnd = (state: State, to: string) => {
    if (to === state.activeUntil) return;
    daily.add(cell(state, state.activeUntil), { active_delta: 1 });
    daily.add(cell(state, to), { active_delta: -1 });
    state.activeUntil = to;
  };

  for (const event of events) {
    let state = states.get(event.cardId);
    if (event.type === 'REGISTERED') {
      if (state) continue; // a card registers once; a replayed row changes nothing
      const dims = dimsOf(event.distributorId);
      state = { cardKind: event.cardKind, distributorId: event.distributorId, region: event.regionId ?? dims.region, municipality: dims.municipality, grantedOn: event.effectiveOn, activeUntil: addDays(event.validUntil, 1) };
      states.set(event.cardId, state);
      daily.add(cell(state, event.effectiveOn), { granted: 1, active_delta: 1 });
      daily.add(cell(state, state.activeUntil), { active_delta: -1 });
      const bands = event.background;
      if (bands) {
        const values: [string, string][] = [
          ['BIRTH_DECADE', String(bands.birthDecade)],
          ['MOTHER_TONGUE', bands.motherTongue],
          ['GENDER', bands.gender],
          ['POSTAL_AREA', bands.postalArea],
          ['CHILDREN', bands.childrenBand],
          ...bands.lifeSituations.map((situation): [string, string] => ['LIFE_SITUATION', situation]),
        ];
        for (const [dimension, value] of values) background.add({ day: event.effectiveOn, distributor_id: state.distributorId, region: state.region, municipality: state.municipality, dimension, value }, { cards: 1 });
      }
    } else {
      if (!state) continue; // its registration is not in the outbox (pruned before this read model existed)
      if (event.type === 'EXTENDED') {
        daily.add(cell(state, event.effectiveOn), { extended: 1 });
        const to = addDays(event.validUntil, 1);
        if (to > state.activeUntil) moveEnd(state, to);
      } else {
        daily.add(cell(state, event.effectiveOn), event.type === 'ENDED' ? { ended: 1 } : { taken_out_of_use: 1 });
        const closing = event.effectiveOn < state.grantedOn ? state.grantedOn : event.effectiveOn;
        if (closing < state.activeUntil) moveEnd(state, closing);
      }
    }
    changed.set(event.cardId, state);
  }

  if (changed.size) {
    await bound(em, 
      `insert into statistics.card_state (card_id, card_kind, distributor_id, region, municipality, granted_on, active_until)
       select card_id, card_kind, distributor_id, region, municipality, granted_on, active_until
         from jsonb_to_recordset(?::jsonb) as x(card_id uuid, card_kind text, distributor_id uuid, region text, municipality text, granted_on date, active_until date)
       on conflict (card_id) do update set active_until = excluded.active_until`,
      [JSON.stringify([...changed].map(([id, s]) => ({ card_id: id, card_kind: s.cardKind, distributor_id: s.distributorId, region: s.region, municipality: s.municipality, granted_on: s.grantedOn, active_until: s.activeUntil })))],
    );
  }
  await daily.flush(em);
  await background.flush(em);
}
