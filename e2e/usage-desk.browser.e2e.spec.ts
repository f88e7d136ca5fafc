import { DEMO } from '@kaikukanta/kit';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { gatewayRequest } from './support.ts';
import { withSystemAndBrowser } from './browser.ts';

const env = withSystemAndBrowser();
const O = DEMO.organizations;
const DISTRIBUTOR = 'jakaja.tampere@kaikukanta.demo';

const gql = <T>(query: string, variables: Record<string, unknown> = {}, cookie?: string) =>
  gatewayRequest<T>(env.sut.graphqlUrl, query, variables, cookie ? { cookie } : {});

async function cookieOf(email: string): Promise<string> {
  const res = await gql('mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { user { email } } }', { e: email, p: DEMO.password });
  return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

/** Personal cards of the Tampere distributor usable today, handed out one by one so no test uses a card twice. */
let cards: string[] | undefined;
async function nextCard(): Promise<string> {
  if (!cards) {
    const res = await gql<{ myOrganizationsCards: { code: string; kind: string; usableToday: boolean }[] }>('{ myOrganizationsCards(limit: 200) { code kind usableToday } }', {}, await cookieOf(DISTRIBUTOR));
    cards = (res.data?.myOrganizationsCards ?? []).filter((c) => c.usableToday && c.kind === 'PERSONAL').map((c) => c.code);
  }
  const card = cards.shift();
  if (!card) throw new Error('out of demo cards');
  return card;
}

async function openDesk(email: string, viewport = { width: 1280, height: 900 }): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await env.browser.newContext({ locale: 'fi-FI', viewport });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${env.sut.url}/login?next=/usage/register`);
  await page.locator('input[type=email]').fill(email);
  await page.locator('input[type=password]').fill(DEMO.password);
  await page.locator('input[type=password]').press('Enter');
  await expect.poll(() => page.getByTestId('signed-in-as').count()).toBe(1);
  if (!page.url().endsWith('/usage/register')) await page.goto(`${env.sut.url}/usage/register`);
  return { context, page, errors };
}

const chosenEvent = (page: Page) => page.getByTestId('event-select').getAttribute('data-value');
const verdict = (page: Page) => page.getByTestId('usage-verdict');

/** The code and Enter (check), then Enter on the focused Register button, as with a USB reader. */
async function registerByKeyboard(page: Page, code: string): Promise<void> {
  await page.getByTestId('usage-code').focus();
  await page.keyboard.type(code);
  await page.keyboard.press('Enter');
  await expect.poll(() => page.getByTestId('usage-check-verdict').count()).toBe(1);
  await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('usage-confirm');
  await page.keyboard.press('Enter');
  await expect.poll(() => verdict(page).count()).toBe(1);
}

/**
 * The card codes of the newest `n` entries in the recent list. The demo data's past uses may have used the same
 * cards, so a use is recognised by being the newest, not by its code appearing once.
 */
const newestCodes = async (page: Page, n: number) =>
  (await page.getByTestId('recent-usage').evaluateAll((items) => items.map((item) => item.getAttribute('data-code')))).slice(0, n);

/** The provider picker's choices, by name. */
const providerChoices = (page: Page) => page.getByTestId('provider-select').locator('option:not([disabled])').allTextContents();

describe('the box office for those who register on behalf of providers, and group visits (issue 9, headless Chromium)', () => {
  it('R17, decision 0022: the Tampere culture officer picks a provider of Tampere and an event, registers, sees it in the recent list; Nokia\'s provider (Pirkanmaa too) and Ateneum (Uusimaa) are not offered and the server refuses them (PROVIDER_OUTSIDE_AREA)', { timeout: 90_000 }, async () => {
    // A provider of Nokia, in the officer's region but not their municipality.
    const nokia = await gql<{ createOrganization: { id: string } }>(
      'mutation ($input: OrganizationInput!) { createOrganization(input: $input) { id } }',
      { input: { name: 'Nokian kaupunginkirjasto', kinds: ['CULTURE_PROVIDER'], municipalityCode: '536', venueType: 'LIBRARY', field: 'CULTURE' } },
      await cookieOf('vastuuhenkilo.pirkanmaa@kaikukanta.demo'),
    );
    expect(nokia.errors).toBeUndefined();
    const { context, page, errors } = await openDesk('kulttuurivastaava.tampere@kaikukanta.demo', { width: 390, height: 844 });
    await expect.poll(() => providerChoices(page)).toContain('Tampereen Työväen Teatteri');
    const offered = await providerChoices(page);
    expect(offered.sort()).toEqual(['Tampereen seudun työväenopisto', 'Tampereen Työväen Teatteri', 'Tiedekeskus Vapriikki'].sort());

    // No provider yet: nothing to register for.
    expect(await chosenEvent(page)).toBe('');
    await page.getByTestId('provider-select').selectOption(O.tampereTheatre);
    await expect.poll(() => chosenEvent(page)).not.toBe('');
    const card = await nextCard();
    await registerByKeyboard(page, card);
    expect(await verdict(page).getAttribute('data-tone')).toBe('ok');
    await expect.poll(() => newestCodes(page, 1)).toEqual([card]);

    // The server holds the line too: an Ateneum event, sent as this officer, is refused.
    const ateneum = await gql<{ upcomingEvents: { id: string }[] }>('query ($p: ID!) { upcomingEvents(limit: 1, providerId: $p) { id } }', { p: O.ateneum }, await cookieOf('admin@kaikukanta.demo'));
    const ateneumEvent = ateneum.data?.upcomingEvents[0]?.id;
    expect(ateneumEvent).toBeTruthy();
    const refused = await page.evaluate(
      async ({ eventId, cardCode }) => {
        const res = await fetch('/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: 'mutation ($input: RegisterUsageInput!) { registerUsage(input: $input) { replayed } }', variables: { input: { idempotencyKey: crypto.randomUUID(), eventId, cardCode } } }),
        });
        return ((await res.json()) as { errors?: { extensions?: { code?: string } }[] }).errors?.[0]?.extensions?.code;
      },
      { eventId: ateneumEvent, cardCode: await nextCard() },
    );
    expect(refused).toBe('PROVIDER_OUTSIDE_AREA');
    const report = async (providerId: string) =>
      page.evaluate(
        async ({ providerId, cardCode }) => {
          const res = await fetch('/graphql', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({
              query: 'mutation ($input: RegisterUsageInput!) { registerUsage(input: $input) { replayed } }',
              variables: { input: { idempotencyKey: crypto.randomUUID(), report: { providerId, name: 'Raportti', date: new Date().toISOString().slice(0, 10) }, cardCode } },
            }),
          });
          return ((await res.json()) as { errors?: { extensions?: { code?: string } }[] }).errors?.[0]?.extensions?.code;
        },
        { providerId, cardCode: await nextCard() },
      );
    expect(await report(nokia.data?.createOrganization.id as string)).toBe('PROVIDER_OUTSIDE_AREA');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('R18: the ticket agent picks the client provider and the event first, then registers', { timeout: 90_000 }, async () => {
    const { context, page, errors } = await openDesk('lipunvalitys@kaikukanta.demo');
    await expect.poll(() => providerChoices(page)).toContain('Tampereen Työväen Teatteri');
    // Until a provider is chosen there is no event, and nothing is registered.
    expect(await chosenEvent(page)).toBe('');
    expect(await page.getByTestId('usage-confirm').isDisabled()).toBe(true);
    await page.getByTestId('provider-select').selectOption(O.tampereTheatre);
    await expect.poll(() => chosenEvent(page)).not.toBe('');
    // The second event of the week, chosen by keyboard (arrow keys in the radio group).
    const options = page.getByTestId('event-option');
    await options.first().focus();
    await page.keyboard.press('ArrowDown');
    const second = await options.nth(1).getAttribute('value');
    await expect.poll(() => chosenEvent(page)).toBe(second);
    const card = await nextCard();
    await registerByKeyboard(page, card);
    expect(await verdict(page).getAttribute('data-tone')).toBe('ok');
    await expect.poll(() => newestCodes(page, 1)).toEqual([card]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('R14, R16: a group visit — the staff’s community card and each member’s card in one field — refused per card (GROUP_REFUSED), corrected, registered at once; offline it waits in the queue and goes out once', { timeout: 120_000 }, async () => {
    const { context, page, errors } = await openDesk('lipputoimisto.ttt@kaikukanta.demo');
    await expect.poll(() => chosenEvent(page)).not.toBe('');
    await page.getByTestId('mode-group').check();
    const field = page.getByTestId('group-code');
    const add = async (code: string) => {
      await field.focus();
      await page.keyboard.type(code);
      await page.keyboard.press('Enter');
      await expect.poll(() => page.locator(`[data-testid="group-card"][data-code="${code}"]`).count()).toBe(1);
    };
    // Staff: a community card (AM99001050, Tampere's); members: two usable cards and the ended demo card AM99001040.
    const [first, second] = [await nextCard(), await nextCard()];
    for (const code of ['AM99001050', first, 'AM99001040', second]) await add(code);
    await page.getByTestId('group-confirm').click();
    const ended = page.locator('[data-testid="group-card"][data-code="AM99001040"]');
    await expect.poll(() => ended.getAttribute('data-problem')).toBe('CARD_ENDED');
    expect(await ended.getByTestId('group-card-problem').textContent()).toContain('Kortin voimassaolo on lopetettu');
    expect(await page.locator('[data-testid="group-card"][data-problem]:not([data-problem=""])').count()).toBe(1);
    expect(await verdict(page).getAttribute('data-tone')).toBe('no');

    // The ended card removed; the group registers as one action.
    await ended.getByTestId('group-remove').click();
    await page.getByTestId('group-confirm').click();
    await expect.poll(() => verdict(page).getAttribute('data-tone')).toBe('ok');
    expect(await verdict(page).textContent()).toContain('Ryhmäkäynti kirjattu: 3 korttia');
    await expect.poll(async () => (await newestCodes(page, 3)).sort()).toEqual(['AM99001050', first, second].sort());
    expect(await page.getByTestId('group-card').count()).toBe(0);

    // Offline: the group waits on the device with its key and goes out once when the network returns.
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await context.setOffline(true);
    const [third, fourth] = [await nextCard(), await nextCard()];
    for (const code of ['AM99001048', third, fourth]) await add(code);
    await page.getByTestId('group-confirm').click();
    await expect.poll(() => verdict(page).getAttribute('data-tone')).toBe('wait');
    const queued = page.locator('[data-testid="queued-write"][data-code="AM99001048"]');
    await expect.poll(() => queued.count()).toBe(1);
    expect(await queued.textContent()).toContain('+ 2 ryhmäläistä');
    await context.setOffline(false);
    await expect.poll(() => page.getByTestId('queued-write').count(), { timeout: 30_000 }).toBe(0);
    const recent = await gql<{ recentUsages: { cardCode: string; groupId: string | null }[] }>('{ recentUsages(limit: 50) { cardCode groupId } }', {}, await cookieOf('lipputoimisto.ttt@kaikukanta.demo'));
    const group = (recent.data?.recentUsages ?? []).filter((u) => ['AM99001048', third, fourth].includes(u.cardCode));
    expect(group).toHaveLength(3);
    expect(new Set(group.map((u) => u.groupId)).size).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });
});
