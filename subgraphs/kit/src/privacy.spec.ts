import type { BaseContext, GraphQLRequestContextDidResolveOperation, GraphQLRequestListener } from '@apollo/server';
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { containsPersonalIdentityCode, isSmallCell, operationCarriesIdentityCode, personalDataGuard, PUBLIC_FIGURE_STEP, publicFigure, publicInstant, SMALL_CELL_MIN } from './privacy.js';

describe('R9: personal identity code detection', () => {
  it.each(['131052-308T', 'synt. 131052-308T, kiitos', '010594Y9032', '010101A123N'.toLowerCase().replace('a', 'A')])('finds %s', (text) => {
    expect(containsPersonalIdentityCode(text)).toBe(true);
  });

  it.each([
    ['a card code', 'AM99001234'],
    ['an old card code', 'E1234'],
    ['a wrong check character', '131052-308U'],
    ['an impossible date', '321352-308T'],
    ['a postal code and a year', '33100 1985'],
    ['an event name with digits', 'Konsertti 12.12.2025 klo 19'],
  ])('does not flag %s', (_label, text) => {
    expect(containsPersonalIdentityCode(text)).toBe(false);
  });
});

describe('R9: the guard on operations (issue 12: literals judged once per parsed document)', () => {
  type RequestContext = GraphQLRequestContextDidResolveOperation<BaseContext>;

  async function guard(document: ReturnType<typeof parse>, variables: Record<string, unknown>): Promise<void> {
    const listener = (await personalDataGuard<BaseContext>().requestDidStart!({} as never)) as GraphQLRequestListener<BaseContext>;
    await listener.didResolveOperation!({ request: { variables }, document } as unknown as RequestContext);
  }

  it('R9: still refuses a code in the variables of a document already let through clean', async () => {
    const document = parse('mutation ($note: String!) { addNote(note: $note, title: "Konsertti 12.12.2025") }');
    await expect(guard(document, { note: 'kiitos' })).resolves.toBeUndefined();
    await expect(guard(document, { note: 'synt. 131052-308T' })).rejects.toMatchObject({ extensions: { code: 'PERSONAL_DATA_REFUSED', http: { status: 400 } } });
    await expect(guard(document, { note: ['ok', { nested: '010594Y9032' }] })).rejects.toMatchObject({ extensions: { code: 'PERSONAL_DATA_REFUSED' } });
    await expect(guard(document, { note: 'kiitos' })).resolves.toBeUndefined();
  });

  it('R9: refuses a code in a literal on every request with that document, not only the first', async () => {
    const document = parse('mutation { addNote(note: "synt. 131052-308T") }');
    for (let i = 0; i < 3; i += 1) {
      await expect(guard(document, {})).rejects.toMatchObject({ extensions: { code: 'PERSONAL_DATA_REFUSED' } });
      expect(operationCarriesIdentityCode(document, {})).toBe(true);
    }
    // Another parse of clean text is judged on its own.
    expect(operationCarriesIdentityCode(parse('mutation { addNote(note: "kiitos") }'), {})).toBe(false);
  });
});

describe('R27: figures published to everyone', () => {
  it('R27: move in steps of at least a small cell, rounded down, so two published values never differ by 1–4', () => {
    expect(PUBLIC_FIGURE_STEP).toBeGreaterThanOrEqual(SMALL_CELL_MIN);
    expect([0, 4, 9, 10, 52, 59, 60].map(publicFigure)).toEqual([0, 0, 0, 10, 50, 50, 60]);
    for (let n = 0; n < 200; n += 1) {
      const step = publicFigure(n + 1) - publicFigure(n);
      expect(step === 0 || step >= SMALL_CELL_MIN).toBe(true);
    }
  });

  it('R27: times are published to the hour', () => {
    expect(publicInstant(new Date('2026-12-02T10:14:07.123Z')).toISOString()).toBe('2026-12-02T10:00:00.000Z');
  });
});

describe('R27: small cells (decision 0017)', () => {
  it('R27: 1 … SMALL_CELL_MIN − 1 are small cells; 0 and SMALL_CELL_MIN are not', () => {
    expect([0, 1, SMALL_CELL_MIN - 1, SMALL_CELL_MIN].map(isSmallCell)).toEqual([false, true, true, false]);
  });
});
