import { DEMO } from '@kaikukanta/kit';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { gatewayRequest } from './support.ts';
import { withSystemAndBrowser } from './browser.ts';

const env = withSystemAndBrowser();
const CLERK = 'lipputoimisto.ttt@kaikukanta.demo';
const DISTRIBUTOR = 'jakaja.tampere@kaikukanta.demo';

const gql = <T>(query: string, variables: Record<string, unknown> = {}, cookie?: string) =>
  gatewayRequest<T>(env.sut.graphqlUrl, query, variables, cookie ? { cookie } : {});

async function cookieOf(email: string): Promise<string> {
  const res = await gql('mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { user { email } } }', { e: email, p: DEMO.password });
  return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

const helsinkiDay = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki' }).format(new Date());

/** Cards of the Tampere distributor usable today: the one with two or more child tickets first. */
async function usableCards(cookie: string): Promise<{ code: string; id: string; childTicketLimit: number }[]> {
  const res = await gql<{ myOrganizationsCards: { id: string; code: string; kind: string; usableToday: boolean; childTicketLimit: number }[] }>(
    '{ myOrganizationsCards(limit: 200) { id code kind usableToday childTicketLimit } }',
    {},
    cookie,
  );
  const cards = (res.data?.myOrganizationsCards ?? []).filter((c) => c.usableToday && c.kind === 'PERSONAL');
  return cards.sort((a, b) => b.childTicketLimit - a.childTicketLimit);
}

async function openDesk(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${env.sut.url}/login?next=/usage/register`);
  await page.getByLabel('Sähköpostiosoite').fill(CLERK);
  await page.getByLabel('Salasana').fill(DEMO.password);
  await page.getByLabel('Salasana').press('Enter');
  await expect.poll(() => page.getByTestId('signed-in-as').count()).toBe(1);
  if (!page.url().endsWith('/usage/register')) await page.goto(`${env.sut.url}/usage/register`);
  // The box office's event is preselected (the provider's next one).
  await expect.poll(() => page.getByTestId('event-select').getAttribute('data-value')).not.toBe('');
  return page;
}

const verdict = (page: Page) => page.getByTestId('usage-verdict');
const focusedTestId = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('data-testid'));

/** Keyboard only, as with a USB barcode reader: the code and Enter (check), then Enter on the focused Register button. */
async function registerByKeyboard(page: Page, code: string, children = 0): Promise<void> {
  await expect.poll(() => focusedTestId(page)).toBe('usage-code');
  await page.keyboard.type(code);
  await page.keyboard.press('Enter');
  await expect.poll(() => page.getByTestId('usage-check-verdict').count()).toBe(1);
  await expect.poll(() => focusedTestId(page)).toBe('usage-confirm');
  if (children) {
    await page.keyboard.press('Shift+Tab');
    expect(await focusedTestId(page)).toBe('child-more');
    for (let i = 0; i < children; i++) await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('child-count').textContent()).toBe(String(children));
    await page.keyboard.press('Tab');
    expect(await focusedTestId(page)).toBe('usage-confirm');
  }
  await page.keyboard.press('Enter');
  await expect.poll(() => verdict(page).count()).toBe(1);
}

describe('R11, R15, R16: the box office registers a queue of card holders, offline too (headless Chromium through the gateway)', () => {
  it('R16: three uses by keyboard (one with two children), three more offline survive a reload, go out once when online; one for a card ended meanwhile is refused with its reason', async () => {
    const distributorCookie = await cookieOf(DISTRIBUTOR);
    // A holder with two minor children (R8, R11b), registered for this test.
    const registered = await gql<{ registerCard: { id: string } }>(
      'mutation ($input: RegisterCardInput!) { registerCard(input: $input) { id } }',
      { input: { code: 'AM99007702', kind: 'PERSONAL', background: { birthYear: 1985, postalCode: '33720', minorChildren: 2 } } },
      distributorCookie,
    );
    expect(registered.errors).toBeUndefined();
    const cards = await usableCards(distributorCookie);
    expect(cards.length).toBeGreaterThanOrEqual(6);
    expect(cards[0]?.childTicketLimit).toBeGreaterThanOrEqual(2);
    const [withChildren, second, third, offline1, offline2, toEnd] = cards as [(typeof cards)[0], ...typeof cards];
    if (!toEnd || !offline2 || !offline1 || !third || !second) throw new Error('not enough demo cards');

    const context = await env.browser.newContext({ locale: 'fi-FI', viewport: { width: 390, height: 844 } });
    const page = await openDesk(context);
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));

    // Online, keyboard only.
    await registerByKeyboard(page, withChildren.code.toLowerCase(), 2);
    expect(await verdict(page).getAttribute('data-tone')).toBe('ok');
    expect(await verdict(page).textContent()).toContain('1 aikuinen + 2 lasta');
    await registerByKeyboard(page, second.code);
    await registerByKeyboard(page, third.code);
    await expect.poll(() => page.getByTestId('recent-usage').count()).toBe(3);

    // The app shell must come back offline: the service worker controls the page before the network goes.
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await expect.poll(() => page.evaluate(() => Boolean(navigator.serviceWorker.controller))).toBe(true);

    await context.setOffline(true);
    await expect.poll(() => page.getByTestId('offline-banner').count()).toBe(1);
    for (const card of [offline1, offline2, toEnd]) {
      await registerByKeyboard(page, card.code);
      expect(await verdict(page).getAttribute('data-tone')).toBe('wait');
    }
    await expect.poll(() => page.getByTestId('queued-write').count()).toBe(3);

    // Meanwhile the distributor ends one of the queued cards (the test process is not offline).
    const ended = await gql<{ endCard: { state: string } }>('mutation ($id: ID!, $on: Date!) { endCard(id: $id, endedOn: $on) { state } }', { id: toEnd.id, on: helsinkiDay() }, distributorCookie);
    expect(ended.errors).toBeUndefined();

    // A reload while offline loses nothing: the shell from the service worker, the queue from IndexedDB.
    await page.reload();
    await expect.poll(() => page.getByTestId('queued-write').count()).toBe(3);
    expect(await page.getByTestId('queue-pending-count').getAttribute('data-count')).toBe('3');

    // The network returns: the queue goes out by itself, with the keys made at capture.
    await context.setOffline(false);
    await expect.poll(() => page.locator('[data-testid="queued-write"][data-status="pending"]').count(), { timeout: 30_000 }).toBe(0);
    const refused = page.locator('[data-testid="queued-write"][data-status="refused"]');
    await expect.poll(() => refused.count()).toBe(1);
    expect(await refused.getAttribute('data-code')).toBe(toEnd.code);
    expect(await refused.getByTestId('queued-refusal').getAttribute('data-reason')).toBe('CARD_ENDED');
    expect(await refused.getByTestId('queued-refusal').textContent()).toContain('Kortin voimassaolo on lopetettu');

    // The registry holds each of the five exactly once (and nothing for the ended card).
    const clerkCookie = await cookieOf(CLERK);
    const recent = await gql<{ recentUsages: { cardCode: string; childTickets: number; capturedAt: string | null }[] }>('{ recentUsages(limit: 50) { cardCode childTickets capturedAt } }', {}, clerkCookie);
    const codes = (recent.data?.recentUsages ?? []).map((u) => u.cardCode).sort();
    expect(codes).toEqual([withChildren, second, third, offline1, offline2].map((c) => c.code).sort());
    expect(recent.data?.recentUsages.find((u) => u.cardCode === withChildren.code)?.childTickets).toBe(2);
    expect(recent.data?.recentUsages.every((u) => u.capturedAt)).toBe(true);

    // The clerk has seen the refusal and dismisses it; it stays gone after a reload.
    await refused.getByTestId('queued-dismiss').click();
    await expect.poll(() => page.getByTestId('queued-write').count()).toBe(0);
    await page.reload();
    await expect.poll(() => page.getByTestId('recent-usage').count()).toBe(5);
    expect(await page.getByTestId('queued-write').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('undo: a registration is cancelled with a reason and shows as undone', async () => {
    const cards = await usableCards(await cookieOf(DISTRIBUTOR));
    const card = cards.at(-1);
    if (!card) throw new Error('no demo card');
    const context = await env.browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${env.sut.url}/login?next=/usage/register`);
    await page.getByLabel('Email address').fill(CLERK);
    await page.getByLabel('Password').fill(DEMO.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect.poll(() => page.getByTestId('signed-in-as').count()).toBe(1);
    await page.getByRole('link', { name: 'Register use' }).click();
    await expect.poll(() => page.getByTestId('event-select').getAttribute('data-value')).not.toBe('');
    await registerByKeyboard(page, card.code);
    const row = page.locator(`[data-testid="recent-usage"][data-code="${card.code}"]`).first();
    await expect.poll(() => row.count()).toBe(1);
    await row.getByTestId('undo').click();
    await row.getByLabel('Reason').selectOption('WRONG_CARD');
    await row.getByTestId('undo-confirm').click();
    await expect.poll(() => row.textContent()).toContain('Undone: Wrong card');
    await context.close();
  });
});
