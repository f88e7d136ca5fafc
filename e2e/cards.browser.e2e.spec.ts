import { DEMO } from '@kaikukanta/kit';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { newPage, withSystemAndBrowser } from './browser.ts';

const env = withSystemAndBrowser();

async function logIn(page: Page, email: string): Promise<void> {
  await page.goto(`${env.sut.url}/login`);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(DEMO.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect.poll(() => page.getByTestId('signed-in-as').count()).toBe(1);
}

const helsinkiDay = (offsetDays = 0) => {
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki' }).format(new Date());
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + offsetDays);
  return d.toISOString().slice(0, 10);
};
const shown = (day: string) => new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));

describe('R2, R6, R13, R29: a distributor registers and extends a card, a culture provider sees it usable (headless Chromium through the gateway)', () => {
  it('registers a code typed with spaces and lower case, extends it, and the theatre box office sees it usable', async () => {
    const distributor = await newPage(env.browser, 'en-GB');
    await logIn(distributor.page, 'jakaja.tampere@kaikukanta.demo');
    await distributor.page.getByRole('link', { name: 'Register a card' }).click();

    // Granted three months ago, so that a year from today is a real extension.
    const grantedOn = helsinkiDay(-90);
    const form = distributor.page.getByTestId('register-form');
    await form.getByLabel('Card code').fill('  ab 12-34 5678 ');
    await form.getByLabel('Card code').press('Enter'); // a barcode reader's Enter moves on, it does not submit
    expect(await distributor.page.evaluate(() => document.activeElement?.getAttribute('inputmode'))).toBe('numeric');
    await form.getByLabel('Grant date').fill(grantedOn);
    await form.getByLabel('Birth year').fill('2015');
    expect(await form.getByText('The card is granted from the age of 16.').count()).toBe(1);
    expect(await form.getByRole('button', { name: 'Register' }).isDisabled()).toBe(true);
    await form.getByLabel('Birth year').fill('1984');
    await form.getByLabel('Postal code').fill('33720');
    await form.getByLabel('Number of minor children or grandchildren').fill('2');
    await form.getByLabel('Mother tongue').selectOption('ARABIC');
    await form.getByLabel('unemployed').check();
    await form.getByRole('button', { name: 'Register' }).click();
    const registered = distributor.page.getByTestId('registered');
    await expect.poll(() => registered.count()).toBe(1);
    expect(await registered.textContent()).toContain('Card AB12345678 is registered');

    // Find it in the organisation's cards and extend it by a year from today.
    await distributor.page.getByRole('link', { name: 'Cards', exact: true }).click();
    await distributor.page.getByLabel('Search by card code').fill('ab1234');
    const rows = distributor.page.getByTestId('card-row');
    await expect.poll(() => rows.count()).toBe(1);
    await rows.getByRole('link', { name: 'AB12345678' }).click();
    await expect.poll(() => distributor.page.getByTestId('history-row').count()).toBe(1);
    await distributor.page.getByRole('button', { name: 'Extend validity' }).click();
    await distributor.page.getByRole('dialog').getByRole('button', { name: 'Yes' }).click();
    await expect.poll(() => distributor.page.getByTestId('history-row').count()).toBe(2);
    const today = helsinkiDay();
    const expected = new Date(Date.UTC(Number(today.slice(0, 4)) + 1, Number(today.slice(5, 7)) - 1, Number(today.slice(8, 10)) - 1)).toISOString().slice(0, 10);
    expect(await distributor.page.getByTestId('valid-until').textContent()).toBe(shown(expected));
    expect(await distributor.page.getByText('Change saved.').count()).toBe(1);
    // Background data is there for the registering organisation (R8).
    expect(await distributor.page.getByText('Arabic').count()).toBe(1);
    expect(distributor.errors).toEqual([]);

    // The theatre's box office checks the card as the holder shows it: lower case, with spaces.
    const box = await newPage(env.browser, 'en-GB');
    await logIn(box.page, 'lipputoimisto.ttt@kaikukanta.demo');
    await box.page.getByRole('link', { name: 'Check a card' }).click();
    await box.page.getByLabel('Card code').fill('ab12 345 678');
    await box.page.getByRole('button', { name: 'Check', exact: true }).click();
    const result = box.page.getByTestId('status-result');
    await expect.poll(() => result.count()).toBe(1);
    const text = await result.textContent();
    expect(text).toContain('The card is valid');
    expect(text).toContain(`Valid until ${shown(expected)}`);
    expect(text).toContain('At most 2 child tickets');
    // The venue learns nothing more (R29): no background on the page.
    expect(text).not.toContain('1984');
    expect(text).not.toContain('33720');
    // An unknown code: plainly not registered.
    await box.page.getByLabel('Card code').fill('ZZ99999999');
    await box.page.getByRole('button', { name: 'Check', exact: true }).click();
    await expect.poll(() => result.textContent()).toContain('The card is not registered');
    expect(box.errors).toEqual([]);
  });

  it('R6: ending a card takes effect for venues at once', async () => {
    const distributor = await newPage(env.browser, 'en-GB');
    await logIn(distributor.page, 'jakaja.tampere@kaikukanta.demo');
    await distributor.page.getByRole('link', { name: 'Cards', exact: true }).click();
    await distributor.page.getByLabel('Search by card code').fill('AM99001002');
    await distributor.page.getByRole('link', { name: 'AM99001002' }).click();
    await distributor.page.getByRole('button', { name: 'End validity', exact: true }).click();
    await distributor.page.getByRole('dialog').getByRole('button', { name: 'Yes' }).click();
    await expect.poll(() => distributor.page.getByTestId('card-state').textContent()).toBe('Ended');

    const box = await newPage(env.browser, 'en-GB');
    await logIn(box.page, 'lipputoimisto.ttt@kaikukanta.demo');
    await box.page.goto(`${env.sut.url}/check`);
    await box.page.getByLabel('Card code').fill('am99001002');
    await box.page.getByRole('button', { name: 'Check', exact: true }).click();
    await expect.poll(() => box.page.getByTestId('status-result').textContent()).toContain('Validity ended');
  });
});
