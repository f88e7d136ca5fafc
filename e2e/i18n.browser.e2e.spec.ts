import { DEMO } from '@kaikukanta/kit';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { newPage, withSystemAndBrowser } from './browser.ts';

const env = withSystemAndBrowser();

/** Logs in with the Finnish form (the browser's language is Finnish). */
async function logInFi(page: Page, email: string): Promise<void> {
  await page.goto(`${env.sut.url}/login`);
  await page.getByLabel('Sähköpostiosoite').fill(email);
  await page.getByLabel('Salasana').fill(DEMO.password);
  await page.getByRole('button', { name: 'Kirjaudu', exact: true }).click();
  await expect.poll(() => page.getByTestId('signed-in-as').count()).toBe(1);
}

const helsinkiToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki' }).format(new Date());

describe('issue 8: the web app in Finnish, Swedish and English (headless Chromium through the gateway)', () => {
  it('an unknown address shows a Finnish "page not found" with a way home', async () => {
    const { page, errors } = await newPage(env.browser, 'fi-FI');
    await logInFi(page, 'jakaja.tampere@kaikukanta.demo');
    await page.goto(`${env.sut.url}/ei-tallaista-sivua`);
    await expect.poll(() => page.getByRole('heading', { name: 'Sivua ei löytynyt' }).count()).toBe(1);
    expect(await page.getByText('Not Found').count()).toBe(0);
    expect(await page.getByTestId('error-page').getAttribute('data-status')).toBe('404');
    await page.getByRole('link', { name: 'Siirry etusivulle' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/');
    await expect.poll(() => page.getByRole('heading', { name: 'Kaikukortti-verkosto' }).count()).toBe(1);
    expect(errors).toEqual([]);
  });

  it('an error from the server follows a language switch (fi → sv → en)', async () => {
    const { page, errors } = await newPage(env.browser, 'fi-FI');
    await page.goto(`${env.sut.url}/login`);
    await page.getByLabel('Sähköpostiosoite').fill('jakaja.tampere@kaikukanta.demo');
    await page.getByLabel('Salasana').fill('not the password at all');
    await page.getByRole('button', { name: 'Kirjaudu', exact: true }).click();
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.textContent()).toBe('Sähköpostiosoite tai salasana on väärä.');
    await page.getByRole('button', { name: 'Svenska' }).click();
    await expect.poll(() => alert.textContent()).toBe('Fel e-postadress eller lösenord.');
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => alert.textContent()).toBe('Wrong email address or password.');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(errors).toEqual([]);
  });

  it('the privacy statement opens from the footer, in Swedish, for anyone', async () => {
    const { page, errors } = await newPage(env.browser, 'sv-FI');
    await page.goto(env.sut.url);
    await page.getByRole('contentinfo').getByRole('link', { name: 'Dataskyddsbeskrivning' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/privacy');
    const statement = page.getByTestId('privacy-statement');
    await expect.poll(() => statement.getByRole('heading', { level: 1 }).textContent()).toBe('Dataskyddsbeskrivning: registret för Kaikukortti');
    const text = (await statement.textContent()) ?? '';
    // R8: what is kept; R9: what never is; who keeps it; the GDPR rights.
    for (const part of ['födelseår', 'postnummer', 'minderåriga barn', 'Namn, personbeteckning, födelsedatum och adress sparas inte', 'nationella stödtjänsten', 'GDPR']) {
      expect(text).toContain(part);
    }
    expect(await page.getByRole('button', { name: 'Skriv ut' }).count()).toBe(1);
    expect(errors).toEqual([]);
  });

  it('counts use plural forms ("1 kortti", "N korttia", "1 kort") and dates are typed the chosen language’s way', async () => {
    const { page, errors } = await newPage(env.browser, 'fi-FI');
    await logInFi(page, 'jakaja.tampere@kaikukanta.demo');
    await page.getByRole('link', { name: 'Kortit', exact: true }).click();
    const count = page.locator('p[aria-live="polite"]');
    await expect.poll(() => count.textContent()).toMatch(/^\d+ korttia$/);
    await page.getByLabel('Hae korttikoodilla').fill('AM99001002');
    await expect.poll(() => count.textContent()).toBe('1 kortti');
    await page.getByRole('button', { name: 'Svenska' }).click();
    await expect.poll(() => count.textContent()).toBe('1 kort');
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => count.textContent()).toBe('1 card');

    // The check page's date field: today as Finland writes it, then as Britain does; typing a Finnish date keeps the ISO day.
    await page.getByRole('button', { name: 'Suomi' }).click();
    await page.getByRole('link', { name: 'Tarkista kortti' }).click();
    const day = page.getByLabel('Tapahtumapäivä');
    const [y, m, d] = helsinkiToday().split('-').map(Number) as [number, number, number];
    await expect.poll(() => day.inputValue()).toBe(`${d}.${m}.${y}`);
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => page.getByLabel('Event date').inputValue()).toBe(`${String(d).padStart(2, '0')}/${String(m).padStart(2, '0')}/${y}`);
    await page.getByLabel('Event date').fill('31/02/2026');
    await page.getByLabel('Event date').blur();
    await expect.poll(() => page.getByText('Write the date as dd/mm/yyyy.').count()).toBe(1);
    expect(errors).toEqual([]);
  });
});
