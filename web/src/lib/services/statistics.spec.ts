import { describe, expect, it, vi } from 'vitest';
import { translate, type MessageKey, type MessageParams } from '../i18n/index.js';

vi.mock('../i18n/locale.svelte.js', () => ({ locale: { current: 'fi', t: (key: MessageKey, params?: MessageParams) => translate('fi', key, params) } }));
const { formatFigure, periodDays, reportBlob, statisticsDashboard, stepTime, throttled, timeKeys } = await import('./statistics.js');

const f = (value: number | null, suppressed = false) => ({ value, suppressed });
const usage = (uses: number | null, children = 0, suppressed = false) => ({ uses: f(uses, suppressed), adultTickets: f(uses, suppressed), childTickets: f(children), distinctCards: f(uses) });

describe('statistics dashboard helpers (issue 10)', () => {
  it('R27: a suppressed cell reads "<5", a missing one "–", a number in the language’s grouping', () => {
    expect(formatFigure(f(null, true))).toBe('<5');
    expect(formatFigure(f(null))).toBe('–');
    expect(formatFigure(null)).toBe('–');
    expect(formatFigure(f(14789))).toBe('14\u00a0789');
  });

  it('periods are calendar years and months (Finnish days, both ends included); a series has a row for each month or day', () => {
    expect(periodDays({ year: 2024, month: null })).toEqual({ from: '2024-01-01', to: '2024-12-31' });
    expect(periodDays({ year: 2024, month: 2 })).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(timeKeys({ year: 2026, month: null })).toHaveLength(12);
    expect(timeKeys({ year: 2026, month: 11 }).at(-1)).toBe('2026-11-30');
  });

  it('R27 (decision 0019): a published step reads as its Finnish clock time that day, with the date on another day', () => {
    expect(stepTime('2026-12-02T12:15:00Z', new Date('2026-12-02T13:00:00Z'))).toBe('14.15');
    expect(stepTime('2026-12-01T12:15:00Z', new Date('2026-12-02T13:00:00Z'))).toMatch(/1\.12\.2026.*14\.15/);
  });

  it('decodes a report’s base64 into a Blob of its type', async () => {
    const blob = reportBlob({ filename: 'a.csv', mimeType: 'text/csv', base64: btoa('a;b\n1;2\n') });
    expect(blob.type).toBe('text/csv');
    expect(await blob.text()).toBe('a;b\n1;2\n');
  });

  it('R24: a burst of live events refreshes at once and once more after it, not once per event', async () => {
    vi.useFakeTimers();
    const refresh = vi.fn();
    const { trigger } = throttled(refresh, 1000);
    trigger();
    await vi.advanceTimersByTimeAsync(0);
    for (let i = 0; i < 10; i++) trigger();
    await vi.advanceTimersByTimeAsync(1000);
    expect(refresh).toHaveBeenCalledTimes(2);
    vi.useRealTimers();
  });

  it('maps the API’s figures: every month a row (0 when none), the four fields always, suppressed stays suppressed, background without TOTAL', () => {
    const dashboard = statisticsDashboard(
      {
        scopeKind: 'NATION',
        scopeId: null,
        suppressionApplied: true,
        suppressedCount: 1,
        cards: { granted: f(52), active: f(50) },
        usage: usage(12, 3),
        byMonth: [{ key: '2026-12', usage: usage(12, 3) }],
        byDay: null,
        byField: [{ key: 'CULTURE', usage: usage(null, 0, true) }],
        byVenueType: [{ key: 'THEATRE', usage: usage(12) }],
        birthDecade: [
          { key: 'TOTAL', cards: f(48) },
          { key: '1980', cards: f(20) },
        ],
        motherTongue: [],
        gender: [],
        postalArea: [],
        lifeSituation: [],
        children: [],
      } as never,
      { year: 2026, month: null },
    );
    const section = (id: string) => dashboard.sections.find((s) => s.id === id)?.table;
    expect(section('time')?.rows).toHaveLength(12);
    expect(section('time')?.rows[0]?.cells[0]).toEqual(f(0));
    expect(section('time')?.rows[11]?.cells[0]).toEqual(f(12));
    expect(section('field')?.rows.map((r) => r.key)).toEqual(['CULTURE', 'EDUCATION', 'SCIENCE', 'SPORT']);
    expect(section('field')?.rows[0]?.cells[0]).toEqual(f(null, true));
    expect(section('venue')?.rows[0]?.label).toBe('Teatteri');
    expect(section('time')?.rows[0]?.short).toBe('tammi');
    expect(dashboard.background.map((b) => b.dimension)).toEqual(['BIRTH_DECADE']);
    expect(dashboard.background[0]?.table.rows).toEqual([{ key: '1980', label: '1980-luku', cells: [f(20)] }]);
    expect(dashboard.headline.map((h) => h.key)).toEqual(['uses', 'childTickets', 'cardsUsed', 'cardsGranted']);
  });

  it('decision 0022: a culture officer’s municipality shows its providers by name, no fields or venue types (not the municipality’s), and its days as "–" (not published)', () => {
    const base = {
      scopeKind: 'MUNICIPALITY',
      scopeId: '837',
      suppressionApplied: true,
      suppressedCount: 1,
      cards: { granted: f(52), active: f(50) },
      usage: usage(40, 3),
      byField: [],
      byVenueType: [],
      byProvider: [
        { key: 'p2', usage: usage(null, 0, true) },
        { key: 'p1', usage: usage(35, 3) },
      ],
      birthDecade: [],
      motherTongue: [],
      gender: [],
      postalArea: [],
      lifeSituation: [],
      children: [],
    };
    const names = new Map([
      ['p1', 'Tampereen Työväen Teatteri'],
      ['p2', 'Tiedekeskus Vapriikki'],
    ]);
    const year = statisticsDashboard({ ...base, byMonth: [{ key: '2026-03', usage: usage(40, 3) }], byDay: null } as never, { year: 2026, month: null }, null, names);
    expect(year.sections.map((s) => s.id)).toEqual(['time', 'provider']);
    const providers = year.sections.find((s) => s.id === 'provider')!.table;
    expect(providers.rows.map((r) => r.label)).toEqual(['Tampereen Työväen Teatteri', 'Tiedekeskus Vapriikki']);
    expect(providers.rows[1]?.cells[0]).toEqual(f(null, true));
    expect(year.sections[0]?.table.rows[2]?.cells[0]).toEqual(f(40));
    const month = statisticsDashboard({ ...base, byMonth: null, byDay: [] } as never, { year: 2026, month: 3 }, null, names);
    expect(month.sections[0]?.table.rows).toHaveLength(31);
    expect(month.sections[0]?.table.rows.every((r) => r.cells.every((c) => c.value === null && !c.suppressed))).toBe(true);
  });
});
