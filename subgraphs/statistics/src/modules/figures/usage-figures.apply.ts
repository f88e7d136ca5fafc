import { bound, CARDS_OUTBOX, type EntityManager, type UsageOutboxEvent } from '@kaikukanta/kit';
import { CellDeltas } from './cells.js';
import { organizationDims } from './organization-dims.js';

const DAILY_KEYS = [
  ['day', 'date'],
  ['provider_id', 'uuid'],
  ['registrar', 'text'],
  ['distributor', 'text'],
  ['region', 'text'],
  ['municipality', 'text'],
  ['venue_type', 'text'],
  ['field', 'text'],
  ['event_kind', 'text'],
  ['card_kind', 'text'],
] as const;

/** Scopes distinct cards are counted in (a card used in two of them counts once in each, once nationally). */
export const DISTINCT_SCOPES = ['NATION', 'REGION', 'MUNICIPALITY', 'PROVIDER', 'REGISTRAR', 'DISTRIBUTOR', 'FIELD', 'REGION_FIELD'] as const;
export type DistinctScope = (typeof DISTINCT_SCOPES)[number];
export const NATION_ID = 'FI';
export const PERIODS = ['DAY', 'MONTH', 'YEAR'] as const;

/** The distributor of each card, from its REGISTERED row in cards.outbox (read in this transaction; decision 0009). */
async function distributorsOf(em: EntityManager, cardIds: string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  if (!cardIds.length) return found;
  const rows = await em.execute<{ card_id: string; distributor_id: string }[]>(
    `select card_id, distributor_id from "${CARDS_OUTBOX.schema}"."${CARDS_OUTBOX.table}" where type = 'REGISTERED' and card_id = any(?::uuid[])`,
    [`{${cardIds.join(',')}}`],
  );
  for (const row of rows) found.set(row.card_id, row.distributor_id);
  return found;
}

/**
 * R25: what usage events change in the usage read models, in the reader's transaction: a registration adds one use
 * (one adult ticket) and its child tickets to its day's cell, a cancellation subtracts the same (it repeats the
 * registration's figures); a card counts in a period's distinct cards while its uses there are above zero.
 */
export async function applyUsageFigures(em: EntityManager, events: readonly UsageOutboxEvent[]): Promise<void> {
  if (!events.length) return;
  const dimsOf = await organizationDims(em, events.map((e) => e.providerId));
  const cardIds = [...new Set(events.flatMap((e) => (e.cardId ? [e.cardId] : [])))];
  const [cardsOutbox] = await em.execute<{ present: boolean }[]>('select to_regclass(?) is not null as present', [`${CARDS_OUTBOX.schema}.${CARDS_OUTBOX.table}`]);
  const distributors = cardsOutbox?.present ? await distributorsOf(em, cardIds) : new Map<string, string>();
  const daily = new CellDeltas('usage_daily', DAILY_KEYS, ['uses', 'child_tickets']);
  // One compact row per use of a known card: PostgreSQL expands it into its 3 periods × 8 scopes (below), so a batch
  // of 1 000 events is 1 000 small objects here, not 24 000 rows and a 4 MB parameter (decision 0018, bench).
  const uses: { c: string; s: number; d: string; p: string; r: string; di: string; re: string; m: string; f: string }[] = [];

  for (const event of events) {
    const sign = event.type === 'USAGE_REGISTERED' ? 1 : -1;
    const dims = dimsOf(event.providerId);
    // A culture officer registers for their region (decision 0014): the region stands as the registrar.
    const registrar = event.registeringOrganizationId ?? event.registeringRegionId ?? '';
    const distributor = event.cardId ? (distributors.get(event.cardId) ?? '') : '';
    daily.add(
      {
        day: event.eventDate,
        provider_id: event.providerId,
        registrar,
        distributor,
        region: dims.region,
        municipality: dims.municipality,
        venue_type: dims.venueType,
        field: dims.field,
        event_kind: event.eventKind,
        card_kind: event.cardKind,
      },
      { uses: sign, child_tickets: sign * event.childTickets },
    );
    if (event.cardId) uses.push({ c: event.cardId, s: sign, d: event.eventDate, p: event.providerId, r: registrar, di: distributor, re: dims.region, m: dims.municipality, f: dims.field });
  }
  await daily.flush(em);
  if (!uses.length) return;
  // Each use counts in its day, month and year and in every DISTINCT_SCOPES scope (with the scope's region, for
  // suppression), summed per card and cell first; a card enters a scope's distinct count when its uses there go
  // from 0 to above, and leaves when they return to 0.
  await bound(em, 
    `with e as (select * from jsonb_to_recordset(?::jsonb) as x(c uuid, s int, d date, p text, r text, di text, re text, m text, f text)),
     x as (select e.c as card_id, pe.period, pe.period_start, sc.scope_kind, sc.scope_id, sc.region, e.s
             from e
            cross join lateral (values ('DAY', e.d), ('MONTH', date_trunc('month', e.d)::date), ('YEAR', date_trunc('year', e.d)::date)) as pe(period, period_start)
            cross join lateral (values ('NATION', '${NATION_ID}', ''), ('REGION', e.re, e.re), ('MUNICIPALITY', e.m, e.re), ('PROVIDER', e.p, e.re),
                                       ('REGISTRAR', e.r, ''), ('DISTRIBUTOR', e.di, ''), ('FIELD', e.f, ''), ('REGION_FIELD', e.re || ':' || e.f, e.re))
                                as sc(scope_kind, scope_id, region)),
     d as (select card_id, period, period_start, scope_kind, scope_id, min(region) as region, sum(s)::int as delta
             from x group by card_id, period, period_start, scope_kind, scope_id having sum(s) <> 0),
     up as (insert into statistics.card_use as c (card_id, period, period_start, scope_kind, scope_id, uses)
            select card_id, period, period_start, scope_kind, scope_id, delta from d
            on conflict (card_id, period, period_start, scope_kind, scope_id) do update set uses = c.uses + excluded.uses
            returning c.card_id, c.period, c.period_start, c.scope_kind, c.scope_id, c.uses),
     ch as (select d.period, d.period_start, d.scope_kind, d.scope_id, max(d.region) as region,
                   sum(case when up.uses > 0 and up.uses - d.delta <= 0 then 1 when up.uses <= 0 and up.uses - d.delta > 0 then -1 else 0 end)::int as cards
              from up join d using (card_id, period, period_start, scope_kind, scope_id) group by 1, 2, 3, 4)
     insert into statistics.distinct_cards as t (period, period_start, scope_kind, scope_id, region, cards)
     select period, period_start, scope_kind, scope_id, region, cards from ch
     on conflict (period, period_start, scope_kind, scope_id) do update set cards = t.cards + excluded.cards`,
    [JSON.stringify(uses)],
  );
}
