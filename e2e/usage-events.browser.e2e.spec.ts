import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO } from '@kaikukanta/kit';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { withSystemAndBrowser } from './browser.ts';

const env = withSystemAndBrowser();
const CLERK = 'lipputoimisto.ttt@kaikukanta.demo';
/** Where the phone and desktop screenshots go (looked at by people, not compared). */
const SHOTS = process.env.SCREENSHOT_DIR ?? join(tmpdir(), 'kaikukanta-usage-shots');

const helsinkiDay = (offsetDays = 0) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki' }).format(new Date(Date.now() + offsetDays * 86_400_000));
const focusedTestId = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('data-testid'));

async function signIn(page: Page, email: string, password: string, next: string): Promise<void> {
  await page.goto(`${env.sut.url}/login?next=${next}`);
  await page.locator('input[type=email]').fill(email);
  await page.locator('input[type=password]').fill(password);
  await page.locator('input[type=password]').press('Enter');
  await expect.poll(() => page.getByTestId('signed-in-as').count()).toBe(1);
  if (!page.url().endsWith(next)) await page.goto(`${env.sut.url}${next}`);
}

const row = (page: Page, name: string) => page.locator(`[data-testid="event-row"][data-name="${name}"]`);

describe('R19, R20: a culture provider keeps its events in the browser (issue 9)', () => {
  it('R20: creates an event by keyboard with the minimum explained as capacity and kind change, a too-low cap refused at the field naming the rule, a cap edited; R19: excluded with a reason users see, and included again', { timeout: 120_000 }, async () => {
    const context = await env.browser.newContext({ locale: 'fi-FI', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await signIn(page, CLERK, DEMO.password, '/usage/events');
    await expect.poll(() => page.getByTestId('event-row').count()).toBeGreaterThan(0);

    // Keyboard: name, Tab to the kind (kept: performance), Tab to the start, Tab to the capacity.
    const form = page.getByTestId('event-form');
    const name = `Näytös ${Date.now()}`;
    await form.getByLabel('Nimi').focus();
    await page.keyboard.type(name);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    // The date-time field's segments (Tab moves between them) follow the browser's own locale: its value is set.
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type)).toBe('datetime-local');
    await form.locator('input[type=datetime-local]').fill(`${helsinkiDay(3)}T19:00`);
    await form.getByLabel('Lippuja tai paikkoja').focus();
    await page.keyboard.type('40');

    // R20 inline: 40 seats is a small performance (2); 400 tickets the general 5 % (20); a course of 400 places 2.
    const minimum = page.getByTestId('cap-minimum');
    await expect.poll(() => minimum.textContent()).toContain('vähintään 2:');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('400');
    await expect.poll(() => minimum.textContent()).toContain('vähintään 20:');
    await form.getByLabel('Tyyppi').selectOption('COURSE');
    await expect.poll(() => minimum.textContent()).toContain('vähintään 2:');
    await form.getByLabel('Tyyppi').focus();
    await form.getByLabel('Tyyppi').selectOption('PERFORMANCE');
    await expect.poll(() => minimum.textContent()).toContain('vähintään 20:');

    // A cap of 5 is refused in place: at the cap field, with the rule named, the focus there.
    await form.getByTestId('event-cap').focus();
    await page.keyboard.type('5');
    await page.keyboard.press('Enter');
    const capError = form.locator('#cap-help [role=alert]');
    await expect.poll(() => capError.count()).toBe(1);
    expect(await capError.getAttribute('data-code')).toBe('CAP_BELOW_MINIMUM');
    expect(await capError.textContent()).toMatch(/vähintään 20.*5 %/);
    expect(await form.getByTestId('event-cap').getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => focusedTestId(page)).toBe('event-cap');

    // Corrected by keyboard and saved with Enter.
    await page.keyboard.press('Control+A');
    await page.keyboard.type('25');
    await page.keyboard.press('Enter');
    await expect.poll(() => row(page, name).count()).toBe(1);
    expect(await row(page, name).textContent()).toContain('enintään 25 kortinhaltijaa');

    // The cap edited.
    await row(page, name).getByTestId('event-edit').click();
    await expect.poll(() => form.getByTestId('event-cap').inputValue()).toBe('25');
    await form.getByTestId('event-cap').fill('30');
    await form.getByTestId('event-cap').press('Enter');
    await expect.poll(() => row(page, name).textContent()).toContain('enintään 30 kortinhaltijaa');

    // R19: excluded with a reason and a note; the list says so.
    await row(page, name).getByTestId('event-exclude').click();
    const exclude = page.getByTestId('exclude-form');
    await exclude.getByTestId('exclude-reason').selectOption('TOURING_PRODUCTION');
    await exclude.getByTestId('exclude-note').fill('Kiertue-esitys Kansallisteatterista.');
    await exclude.getByTestId('exclude-confirm').click();
    await expect.poll(() => row(page, name).getAttribute('data-available')).toBe('false');
    const shownReason = 'Vierailuesitys: ei käytettävissä Kaikukortilla. Kiertue-esitys Kansallisteatterista.';
    expect(await row(page, name).getByTestId('event-exclusion').textContent()).toContain(shownReason);

    // Where the box office lists events: the excluded one is there with its reason, and cannot be chosen.
    await page.goto(`${env.sut.url}/usage/register`);
    const option = page.locator('[data-testid="event-select"] li').filter({ hasText: name });
    await expect.poll(() => option.count()).toBe(1);
    expect(await option.getByTestId('event-option').isDisabled()).toBe(true);
    expect(await option.getByTestId('event-option-exclusion').textContent()).toContain(shownReason);

    // Included again: choosable at the desk.
    await page.goto(`${env.sut.url}/usage/events`);
    await row(page, name).getByTestId('event-include').click();
    await expect.poll(() => row(page, name).getAttribute('data-available')).toBe('true');
    expect(await row(page, name).getByTestId('event-exclusion').count()).toBe(0);
    await page.goto(`${env.sut.url}/usage/register`);
    await expect.poll(() => option.getByTestId('event-option').isEnabled()).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('screenshots of the events page and the box office at 390×844 and 1280×900, in Finnish and Swedish', { timeout: 120_000 }, async () => {
    mkdirSync(SHOTS, { recursive: true });
    for (const language of ['fi', 'sv'] as const) {
      for (const [width, height] of [
        [390, 844],
        [1280, 900],
      ] as const) {
        const context = await env.browser.newContext({ locale: language === 'sv' ? 'sv-FI' : 'fi-FI', viewport: { width, height } });
        await context.addInitScript((lang) => window.localStorage.setItem('kaikukanta.locale', lang), language);
        const page = await context.newPage();
        await signIn(page, CLERK, DEMO.password, '/usage/events');
        await expect.poll(() => page.getByTestId('event-row').count()).toBeGreaterThan(0);
        await page.screenshot({ path: join(SHOTS, `events-${language}-${width}.png`), fullPage: true });
        await page.goto(`${env.sut.url}/usage/register`);
        await expect.poll(() => page.getByTestId('event-select').getAttribute('data-value')).not.toBe('');
        await page.screenshot({ path: join(SHOTS, `register-${language}-${width}.png`), fullPage: true });
        // On a phone the chosen event's whole name is on screen, not cut off.
        const chosen = page.locator('[data-testid="event-select"] label.chosen .name');
        const box = await chosen.boundingBox();
        expect(box && box.x + box.width).toBeLessThanOrEqual(width);
        expect(await chosen.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
        await page.getByTestId('mode-group').check();
        await page.screenshot({ path: join(SHOTS, `register-group-${language}-${width}.png`), fullPage: true });
        await context.close();
      }
    }
  });
});
