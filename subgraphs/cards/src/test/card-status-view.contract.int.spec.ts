import 'reflect-metadata';
import { addDays, CARDS_STATUS_VIEW, CARDS_STATUS_VIEW_COLUMNS, cardProblemOn, type SubgraphApp } from '@kaikukanta/kit';
import { createTestDatabase, testConfigEnv, type TestDatabase } from '@kaikukanta/kit/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApp } from '../app.js';
import { loadConfig } from '../config.js';
import { statusOn } from '../modules/card/card-status.js';
import type { CardState } from '../modules/card/card.model.js';

/**
 * The owner's contract test for `cards.card_status` (kit/src/contracts/cards-status-view.ts), the view the usage
 * subgraph reads in its registration transaction (R13): its columns, in order, and the day rule usage applies to
 * them agreeing with cards' own `statusOn` (decision 0006).
 */

let db: TestDatabase;
let sut: SubgraphApp;

beforeAll(async () => {
  db = await createTestDatabase(inject('pgAdminUrl'));
  sut = await createApp(loadConfig({ ...testConfigEnv(db.url), CARDS_PORT: '0' }));
});

afterAll(async () => {
  await sut?.close();
  await db?.drop();
});

describe('cards.card_status contract', () => {
  it('R13: the view has exactly the contract’s columns, in order', async () => {
    const rows = await sut.orm.em
      .getConnection()
      .execute<{ column_name: string }[]>('select column_name from information_schema.columns where table_schema = ? and table_name = ? order by ordinal_position', [
        CARDS_STATUS_VIEW.schema,
        CARDS_STATUS_VIEW.view,
      ]);
    expect(rows.map((r) => r.column_name)).toEqual([...CARDS_STATUS_VIEW_COLUMNS]);
  });

  const granted = '2026-03-15';
  const cases: [string, CardState, string | null, string][] = [
    ['the day before the grant', 'ACTIVE', null, addDays(granted, -1)],
    ['the grant day', 'ACTIVE', null, granted],
    ['the last valid day', 'ACTIVE', null, '2027-03-14'],
    ['the day after the last valid day', 'ACTIVE', null, '2027-03-15'],
    ['the day before an ending', 'ENDED', '2026-06-01', '2026-05-31'],
    ['the ending day', 'ENDED', '2026-06-01', '2026-06-01'],
    ['after taking out of use', 'OUT_OF_USE', '2026-06-01', '2026-07-01'],
    ['ended, asked after expiry', 'ENDED', '2027-06-01', '2027-04-01'],
  ];
  it.each(cases)('decision 0006: usage’s cardProblemOn agrees with cards’ statusOn on %s', (_name, state, closedOn, day) => {
    const card = { state, grantedOn: granted, validUntil: '2027-03-14', closedOn };
    const row = { state, granted_on: granted, valid_until: '2027-03-14', closed_on: closedOn };
    expect(cardProblemOn(row, day)).toBe(statusOn(card, day).reason);
  });
});
