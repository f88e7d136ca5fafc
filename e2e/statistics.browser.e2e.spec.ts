import { randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import { DEMO } from '@kaikukanta/kit';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { withSystemAndBrowser } from './browser.ts';
import { gatewayRequest } from './support.ts';

const env = withSystemAndBrowser();
const ANALYST = 'analyytikko@kaikukanta.demo';
const CLERK = 'lipputoimisto.ttt@kaikukanta.demo';
const SHOTS = process.env.SCREENSHOT_DIR ?? '/tmp';

const gql = <T>(query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) => gatewayRequest<T>(env.sut.graphqlUrl, query, variables, headers);

async function cookieOf(email: string): Promise<string> {
  const res = await gql('mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { user { email } } }', { e: email, p: DEMO.password });
  return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

async function signedIn(email: string, language: 'fi' | 'sv', viewport = { width: 1280, height: 900 }): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await env.browser.newContext({ locale: language === 'sv' ? 'sv-FI' : 'fi-FI', viewport, acceptDownloads: true });
  await context.addInitScript((lang) => window.localStorage.setItem('kaikukanta.locale', lang), language);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const res = await page.request.post(`${env.sut.url}/graphql`, {
    data: { query: 'mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { user { id } } }', variables: { e: email, p: DEMO.password } },
  });
  expect(res.ok()).toBe(true);
  return { context, page, errors };
}

async function openDashboard(page: Page): Promise<void> {
  await page.goto(`${env.sut.url}/statistics`);
  await page.getByTestId('figure-uses').waitFor();
  await expect.poll(() => page.getByTestId('live-status').textContent()).toMatch(/\S/);
  await expect.poll(() => page.evaluate(() => document.querySelector('[data-testid="live-status"]')?.classList.contains('on'))).toBe(true);
}

/** A number as the page writes it ("1 234" with a no-break space in Finnish). */
const numberIn = (text: string | null) => Number((text ?? '').replace(/[^\d]/g, ''));

const helsinkiDay = (at: Date | string = new Date()) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki' }).format(new Date(at));

/**
 * One use at the Tampere theatre, registered by its clerk through the gateway (as a second browser would), for an
 * event of this year (today's first): the figures of the dashboard's default period (this year) move. Returns the
 * event's day.
 */
async function registerUse(): Promise<string> {
  const cookie = await cookieOf(CLERK);
  const events = await gql<{ upcomingEvents: { id: string; startsAt: string; availableWithCard: boolean; reservationOpensAt: string | null; redemptionOpensAt: string | null; kind: string }[] }>(
    `{ upcomingEvents(limit: 50, providerId: "${DEMO.organizations.tampereTheatre}") { id startsAt kind availableWithCard reservationOpensAt redemptionOpensAt } }`,
    {},
    { cookie },
  );
  const now = Date.now();
  const year = helsinkiDay().slice(0, 4);
  const open = (events.data?.upcomingEvents ?? []).filter(
    (e) =>
      e.availableWithCard &&
      e.kind !== 'COURSE' &&
      helsinkiDay(e.startsAt).startsWith(year) &&
      (!e.reservationOpensAt || Date.parse(e.reservationOpensAt) <= now) &&
      (!e.redemptionOpensAt || Date.parse(e.redemptionOpensAt) <= now),
  );
  const refusals: string[] = [];
  for (const event of open) {
    for (let n = 0; n < 20; n++) {
      const cardCode = `AM990010${String(n).padStart(2, '0')}`;
      const res = await gql<{ registerUsage: { usages: { id: string }[] } }>(
        'mutation ($input: RegisterUsageInput!) { registerUsage(input: $input) { usages { id } } }',
        { input: { idempotencyKey: `e2e-${randomUUID()}`, eventId: event.id, cardCode } },
        { cookie },
      );
      if (res.data?.registerUsage.usages.length) return helsinkiDay(event.startsAt);
      refusals.push(res.errors?.[0]?.extensions?.code ?? 'unknown');
    }
  }
  throw new Error(`no use could be registered: ${refusals.join(', ')}`);
}

/**
 * Which dashboard shows: the statistics API's (a chart and table by month), or — while that API answers
 * NOT_IMPLEMENTED — the national key figures (one chart and table of them).
 */
async function shownTable(page: Page, eventDay: string): Promise<{ table: string; row: string; chart: string }> {
  if (await page.getByTestId('stats-fallback').count()) return { table: 'table-headline', row: 'uses', chart: 'chart-headline' };
  return { table: 'table-time', row: eventDay.slice(0, 7), chart: 'chart-time' };
}

describe('issue 10: the statistics dashboard (headless Chromium through the gateway)', () => {
  it('R24: an analyst’s dashboard follows a use registered elsewhere without a reload: the figure, its table and its chart change', { timeout: 120_000 }, async () => {
    // R27: enough uses this year that the analyst's cells are published, not suppressed as small (<5).
    let eventDay = '';
    for (let i = 0; i < 5; i++) eventDay = await registerUse();
    const { context, page, errors } = await signedIn(ANALYST, 'fi');
    await openDashboard(page);
    const shown = await shownTable(page, eventDay);
    const cell = () => page.getByTestId(shown.table).locator(`tr[data-key="${shown.row}"] td`).first();
    await expect.poll(() => page.getByTestId('figure-uses').textContent().then(numberIn), { timeout: 15_000 }).toBeGreaterThanOrEqual(5);
    const before = numberIn(await page.getByTestId('figure-uses').textContent());
    const rowBefore = numberIn(await cell().textContent());
    const chartBefore = await page.getByTestId(shown.chart).getAttribute('data-values');
    expect(rowBefore).toBeGreaterThanOrEqual(5);
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 1));

    expect(await registerUse()).toBe(eventDay);

    await expect.poll(() => page.getByTestId('figure-uses').textContent().then(numberIn), { timeout: 15_000 }).toBe(before + 1);
    await expect.poll(() => cell().textContent().then(numberIn), { timeout: 15_000 }).toBe(rowBefore + 1);
    await expect.poll(() => page.getByTestId(shown.chart).getAttribute('data-values')).not.toBe(chartBefore);
    // No reload: the marker set on the page before the registration is still there.
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('R26: the yearly report downloads as an XLSX file (and a CSV) named by the server, in the user’s language', { timeout: 60_000 }, async (ctx) => {
    const { context, page, errors } = await signedIn(ANALYST, 'sv');
    await openDashboard(page);
    // While the statistics API answers NOT_IMPLEMENTED the dashboard shows the national key figures and no report.
    if (await page.getByTestId('stats-fallback').count()) {
      await context.close();
      ctx.skip();
    }
    for (const [button, extension] of [
      ['report-xlsx', '.xlsx'],
      ['report-csv', '.csv'],
    ] as const) {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(button).click()]);
      expect(download.suggestedFilename()).toMatch(new RegExp(`\\${extension}$`));
      const path = await download.path();
      expect(statSync(path).size).toBeGreaterThan(0);
    }
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the dashboard fits a phone and a desktop, in Finnish and Swedish (screenshots)', { timeout: 120_000 }, async () => {
    for (const language of ['fi', 'sv'] as const) {
      for (const viewport of [
        { width: 390, height: 844 },
        { width: 1280, height: 900 },
      ]) {
        const { context, page, errors } = await signedIn(ANALYST, language, viewport);
        await openDashboard(page);
        await page.waitForTimeout(500);
        // Nothing wider than the screen: the page never scrolls sideways (tables scroll inside their box).
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
        await page.screenshot({ path: `${SHOTS}/statistics-${language}-${viewport.width}x${viewport.height}.png`, fullPage: true });
        expect(errors).toEqual([]);
        await context.close();
      }
    }
  });
});
