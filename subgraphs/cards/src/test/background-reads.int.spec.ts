import { randomUUID } from 'node:crypto';
import { REQUEST_ID_HEADER, type Identity } from '@kaikukanta/kit';
import { gatewayHeaders, postGraphQL } from '@kaikukanta/kit/testing';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { BackgroundReadRepository } from '../modules/read-audit/background-read.repository.js';
import { as, codeOf, freshCode, gql, register, sql, startCards, type CardData, type CardsTestApp } from './support.js';

/**
 * M5 (security review 2026-12): every read of background data (R8) leaves a
 * row in cards.background_read — who, as what, which card, when, in which
 * request — one INSERT per batch, never a background value (R9); the national
 * support service reads the log.
 */

let t: CardsTestApp;
let distributor: Identity & { kind: 'user' };
let cards: CardData[];
let community: CardData;

interface ReadRow {
  card_id: string;
  reader_kind: string;
  user_id: string | null;
  api_key_id: string | null;
  organization_id: string | null;
  region_id: string | null;
  role: string | null;
  request_id: string | null;
  at: string;
}

const readsOf = (cardIds: string[]) =>
  sql<ReadRow>(t.app, 'select card_id, reader_kind, user_id, api_key_id, organization_id, region_id, role, request_id, at from cards.background_read where card_id = any(?::uuid[]) order by id', [
    `{${cardIds.join(',')}}`,
  ]);

/** Posts as the gateway would, with its request id. */
async function asGateway<T>(identity: Identity, query: string, variables: Record<string, unknown>, requestId: string) {
  return postGraphQL<T>(t.app.server.url, query, variables, { ...(await gatewayHeaders(identity, 'cards')), [REQUEST_ID_HEADER]: requestId });
}

beforeAll(async () => {
  t = await startCards(inject('pgAdminUrl'));
  distributor = as.tampereDistributor();
  cards = [];
  for (let i = 0; i < 3; i++) cards.push(await register(t.app, distributor, { code: freshCode('B') }));
  community = await register(t.app, distributor, { code: freshCode('C'), kind: 'COMMUNITY' });
});

afterAll(async () => {
  await t?.close();
});

const PAGE = '{ cards(limit: 200) { items { id background { birthYear } } } }';
const ONE = 'query ($id: ID) { card(id: $id) { id background { birthYear postalCode } } }';

describe('M5: reads of background data are recorded', () => {
  it('M5: a read leaves exactly one row per card read, naming the reader, the card and the request', async () => {
    const reader = as.pirkanmaaAdmin();
    const requestId = randomUUID();
    const before = await readsOf([cards[0]!.id]);
    const res = await asGateway<{ card: { background: { birthYear: number } } }>(reader, ONE, { id: cards[0]!.id }, requestId);
    expect(res.errors).toBeUndefined();
    const rows = (await readsOf([cards[0]!.id])).slice(before.length);
    expect(rows).toEqual([
      {
        card_id: cards[0]!.id,
        reader_kind: 'USER',
        user_id: reader.userId,
        api_key_id: null,
        organization_id: null,
        region_id: reader.membership?.regionId,
        role: 'REGION_ADMIN',
        request_id: requestId,
        at: expect.any(String),
      },
    ]);
  });

  it('M5: a page of cards is one INSERT, one row per personal card; community cards (no background) and a second look in the same request add none', async () => {
    const ids = [...cards.map((card) => card.id), community.id];
    const before = (await readsOf(ids)).length;
    const append = vi.spyOn(BackgroundReadRepository.prototype, 'append');
    try {
      const twice = '{ a: cards(limit: 200) { items { id background { birthYear } } } b: cards(limit: 200) { items { id background { gender } } } }';
      const res = await asGateway<{ a: { items: { id: string }[] } }>(distributor, twice, {}, randomUUID());
      expect(res.errors).toBeUndefined();
      expect(append).toHaveBeenCalledTimes(1);
    } finally {
      append.mockRestore();
    }
    const rows = (await readsOf(ids)).slice(before);
    expect(rows.map((row) => row.card_id).sort()).toEqual(cards.map((card) => card.id).sort());
    expect(new Set(rows.map((row) => row.request_id)).size).toBe(1);
    expect(rows.every((row) => row.organization_id === distributor.membership?.organizationId && row.role === 'DISTRIBUTOR')).toBe(true);
  });

  it('M5: a list without the background field and a refused read leave no row', async () => {
    const before = await sql<{ n: string }>(t.app, 'select count(*) as n from cards.background_read');
    expect((await gql(t.app, distributor, '{ cards(limit: 200) { items { id code } } }')).errors).toBeUndefined();
    expect(codeOf(await gql(t.app, as.helsinkiDistributor(), ONE, { id: cards[1]!.id }))).toBe('NOT_FOUND');
    expect(codeOf(await gql(t.app, as.provider(), PAGE))).toBe('FORBIDDEN');
    expect(await sql(t.app, 'select count(*) as n from cards.background_read')).toEqual(before);
  });

  it('R9: the log holds no background value: its columns are ids, a time and closed lists', async () => {
    const columns = await sql<{ column_name: string }>(t.app, "select column_name from information_schema.columns where table_schema = 'cards' and table_name = 'background_read' order by ordinal_position");
    expect(columns.map((c) => c.column_name)).toEqual(['id', 'at', 'request_id', 'reader_kind', 'user_id', 'api_key_id', 'organization_id', 'region_id', 'role', 'card_id']);
  });

  it('M5: even the owner cannot rewrite it: UPDATE, DELETE and TRUNCATE are refused by its trigger', async () => {
    for (const statement of ["update cards.background_read set role = 'ANALYST'", 'delete from cards.background_read', 'truncate cards.background_read']) {
      await expect(sql(t.app, statement), statement).rejects.toThrow(/append-only/);
    }
  });
});

describe('M5: the national support service reads the log', () => {
  const LOG = 'query ($since: DateTimeISO!, $until: DateTimeISO, $cardId: ID, $limit: Int) { backgroundReads(since: $since, until: $until, cardId: $cardId, limit: $limit) { id at cardId readerKind userId apiKeyId organizationId regionId role requestId } }';
  const since = () => new Date(Date.now() - 60 * 60 * 1000).toISOString();

  it('M5: newest first, within the period, by card, limited', async () => {
    const reader = as.nationalAdmin();
    const requestId = randomUUID();
    await asGateway(reader, ONE, { id: cards[2]!.id }, requestId);
    type Log = { backgroundReads: { cardId: string; requestId: string; role: string; at: string }[] };
    const res = await gql<Log>(t.app, as.nationalAdmin(), LOG, { since: since(), cardId: cards[2]!.id });
    expect(res.errors).toBeUndefined();
    expect(res.data?.backgroundReads[0]).toMatchObject({ cardId: cards[2]!.id, requestId, role: 'NATIONAL_ADMIN' });
    const ats = res.data?.backgroundReads.map((row) => row.at) ?? [];
    expect([...ats].sort().reverse()).toEqual(ats);
    expect((await gql<Log>(t.app, as.nationalAdmin(), LOG, { since: since(), limit: 2 })).data?.backgroundReads).toHaveLength(2);
    const earlier = new Date(Date.now() - 2 * 60 * 60 * 1000).toISOString();
    expect((await gql<Log>(t.app, as.nationalAdmin(), LOG, { since: earlier, until: since() })).data?.backgroundReads).toEqual([]);
  });

  it('M5: a period that ends before it starts, or spans more than 366 days, is BAD_USER_INPUT in the caller’s language', async () => {
    const now = new Date().toISOString();
    for (const locale of ['fi', 'sv', 'en'] as const) {
      const res = await gql(t.app, as.nationalAdmin(), LOG, { since: now, until: since() }, locale);
      expect(res.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', details: { field: 'until', reason: 'INVALID_PERIOD' } });
    }
    const long = await gql(t.app, as.nationalAdmin(), LOG, { since: '2020-01-01T00:00:00Z' });
    expect(codeOf(long)).toBe('BAD_USER_INPUT');
  });
});
