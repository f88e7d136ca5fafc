import { DEMO } from '@kaikukanta/kit';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { newPage, withSystemAndBrowser } from './browser.ts';

const env = withSystemAndBrowser();

async function logIn(page: Page, email: string): Promise<void> {
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(DEMO.password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

/** Marks the page's JavaScript world; the mark is gone only when the document was thrown away (a full load). */
const mark = (page: Page) => page.evaluate(() => ((window as unknown as { __previousPerson?: boolean }).__previousPerson = true));
const marked = (page: Page) => page.evaluate(() => (window as unknown as { __previousPerson?: boolean }).__previousPerson === true);

describe('L3: a shared office PC — nothing of the previous person stays in the tab after logout (headless Chromium)', () => {
  it("logout drops the page's caches and socket; the next person, in another organisation, never sees A's card codes", async () => {
    const { page, errors } = await newPage(env.browser, 'en-GB');
    await page.goto(`${env.sut.url}/login`);
    await logIn(page, 'jakaja.tampere@kaikukanta.demo');
    await expect.poll(() => page.getByTestId('signed-in-as').count()).toBe(1);
    await page.getByRole('link', { name: 'Cards', exact: true }).click();
    const rows = page.getByTestId('card-row');
    await expect.poll(() => rows.count()).toBeGreaterThan(0);
    const codeOfA = (await rows.first().getByRole('link').first().textContent())?.trim() ?? '';
    expect(codeOfA).toMatch(/^[A-Z0-9]{5,}$/);

    await mark(page);
    await page.getByRole('button', { name: 'Log out' }).click();
    await expect.poll(() => page.getByRole('link', { name: 'Log in' }).count()).toBe(1);
    // urql's cache (A's cards) and the WebSocket lived in that JavaScript world; a full load ended it.
    expect(await marked(page)).toBe(false);
    expect(await page.content()).not.toContain(codeOfA);

    // B acts as a distributor in Helsinki, in the same tab, and opens the same list by the menu (no reload).
    await page.getByRole('link', { name: 'Log in' }).click();
    await logIn(page, 'monirooli@kaikukanta.demo');
    await expect.poll(() => page.url()).toContain('/membership');
    await page.getByRole('button', { name: /Card distributor/ }).first().click();
    await expect.poll(() => page.getByRole('link', { name: 'Cards', exact: true }).count()).toBe(1);
    await mark(page);
    await page.getByRole('link', { name: 'Cards', exact: true }).click();
    await expect.poll(() => page.locator('tbody tr').count()).toBeGreaterThan(0);
    expect(await marked(page)).toBe(true); // the list came by client-side navigation, where a stale cache would show
    expect(await page.content()).not.toContain(codeOfA);
    expect(errors).toEqual([]);
  });
});
