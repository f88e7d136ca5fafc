import { DEMO } from '@kaikukanta/kit';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { newPage, withSystemAndBrowser } from './browser.ts';

const env = withSystemAndBrowser();

async function signIn(page: Page, email: string, password: string = DEMO.password): Promise<void> {
  await page.goto(`${env.sut.url}/login`);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect.poll(() => page.getByTestId('signed-in-as').count()).toBe(1);
}

/** Whether the element's box lies inside the viewport (not merely rendered somewhere down the page). */
async function inView(page: Page, selector: ReturnType<Page['getByRole']>): Promise<boolean> {
  const box = await selector.boundingBox();
  const viewport = page.viewportSize();
  return Boolean(box && viewport && box.y >= 0 && box.y + box.height <= viewport.height);
}

const DISTRIBUTOR_EMAIL = 'jakaja.tampere@kaikukanta.demo';

describe('issue 8: the admin pages as a responsible person meets them (headless Chromium through the gateway)', () => {
  it('R28: a responsible person grants a role — blank choices, organisations of the role only, errors in view — and cannot remove their own', async () => {
    const { page, errors } = await newPage(env.browser, 'en-GB');
    await signIn(page, 'vastuuhenkilo.pirkanmaa@kaikukanta.demo');
    await page.goto(`${env.sut.url}/admin/users`);
    const row = page.getByTestId('user-row').filter({ hasText: DISTRIBUTOR_EMAIL });
    await row.getByRole('button', { name: 'Add a role' }).click();
    const form = row.getByTestId('grant-form');
    const role = form.getByLabel('Role');
    expect(await role.inputValue()).toBe('');
    expect(await form.getByRole('button', { name: 'Save' }).isDisabled()).toBe(true);

    await role.selectOption('CULTURE_PROVIDER');
    const organization = form.getByLabel('Organisation');
    expect(await organization.inputValue()).toBe('');
    const options = (await organization.locator('option:not([disabled])').allTextContents()).map((o) => o.trim()).sort();
    expect(options).toEqual(['Tampereen Työväen Teatteri', 'Tampereen seudun työväenopisto', 'Tiedekeskus Vapriikki']);
    expect(await form.getByRole('button', { name: 'Save' }).isDisabled()).toBe(true);
    await organization.selectOption({ label: 'Tampereen Työväen Teatteri' });
    await form.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByTestId('notice').textContent()).toContain('Role added.');
    // The list is live: the new role shows without a reload.
    await expect.poll(() => row.getByText('Culture provider — Tampereen Työväen Teatteri').count()).toBe(1);

    // The same role again: the server refuses, and the form says so where the person is looking.
    await row.getByRole('button', { name: 'Add a role' }).click();
    await form.getByLabel('Role').selectOption('CULTURE_PROVIDER');
    await form.getByLabel('Organisation').selectOption({ label: 'Tampereen Työväen Teatteri' });
    await form.getByRole('button', { name: 'Save' }).click();
    const alert = form.getByRole('alert');
    await expect.poll(() => alert.count()).toBe(1);
    expect(await alert.getAttribute('data-code')).toBe('CONFLICT');
    expect(await inView(page, alert)).toBe(true);

    // One's own role: no button to remove it.
    const own = page.getByTestId('user-row').filter({ hasText: 'vastuuhenkilo.pirkanmaa@kaikukanta.demo' });
    expect(await own.getByRole('button', { name: 'Remove role' }).count()).toBe(0);
    expect(await own.getByText('Your own role').count()).toBe(1);
    expect(errors).toEqual([]);
  });

  it('decision 0022: a culture officer is invited for one municipality of the region — only the region’s are offered, and the invitation waits for the choice', async () => {
    const { page, errors } = await newPage(env.browser, 'en-GB');
    await signIn(page, 'vastuuhenkilo.pirkanmaa@kaikukanta.demo');
    await page.goto(`${env.sut.url}/admin/users`);
    // The demo officer's role names their municipality.
    const officer = page.getByTestId('user-row').filter({ hasText: 'kulttuurivastaava.tampere@kaikukanta.demo' });
    await expect.poll(() => officer.getByText('Municipal culture officer — Tampere').count()).toBe(1);

    const form = page.getByTestId('invite-form');
    await form.getByLabel('Email address').fill('kulttuurivastaava.nokia@example.test');
    await form.getByLabel('Role').selectOption('CULTURE_OFFICER');
    const invite = form.getByRole('button', { name: 'Invite a user' });
    await form.getByLabel('Region').selectOption({ label: 'Pirkanmaa' });
    const municipality = form.getByTestId('invite-municipality');
    expect(await municipality.inputValue()).toBe('');
    expect(await invite.isDisabled()).toBe(true);
    expect((await municipality.locator('option:not([disabled])').allTextContents()).map((o) => o.trim()).sort()).toEqual(['Nokia', 'Tampere', 'Ylöjärvi']);
    await municipality.selectOption({ label: 'Nokia' });
    await invite.click();
    await expect.poll(() => page.getByTestId('invitation-link').count()).toBe(1);
    await expect.poll(() => page.getByRole('row').filter({ hasText: 'kulttuurivastaava.nokia@example.test' }).getByText('Municipal culture officer — Nokia').count()).toBe(1);
    expect(errors).toEqual([]);
  });

  it('R28: the audit log reads in names and words, and filters by change and person', async () => {
    const { page, errors } = await newPage(env.browser, 'en-GB');
    await signIn(page, 'vastuuhenkilo.pirkanmaa@kaikukanta.demo');
    await page.goto(`${env.sut.url}/admin/audit`);
    const rows = page.getByTestId('audit-row');
    await expect.poll(() => rows.count()).toBeGreaterThan(0);
    const filters = page.getByTestId('audit-filters');
    await filters.getByLabel('Change').selectOption({ label: 'Role granted' });
    await filters.getByLabel('Person').selectOption({ label: 'Hervannan sosiaalityö' });
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().getByTestId('audit-action').textContent()).toBe('Role granted: Culture provider');
    expect(await rows.first().getByTestId('audit-actor').textContent()).toBe('Pirkanmaan vastuuhenkilö');
    expect(await rows.first().getByTestId('audit-target').textContent()).toBe('Role Hervannan sosiaalityö (Tampereen Työväen Teatteri)');
    expect(await page.locator('main').textContent()).not.toMatch(/MEMBERSHIP_GRANTED|[0-9a-f]{8}-[0-9a-f]{4}/);

    await filters.getByLabel('Change').selectOption({ label: 'Role removed' });
    await expect.poll(() => page.getByText('No changes.').count()).toBe(1);
    await filters.getByRole('button', { name: 'Clear filters' }).click();
    // The region's whole log again (in a fresh demo system: the one grant above).
    await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(1);
    expect(await page.getByText('No changes.').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('R28: a national admin issues a password reset link; the person sets a new password through it and logs in', async () => {
    const admin = await newPage(env.browser, 'en-GB');
    await signIn(admin.page, 'admin@kaikukanta.demo');
    await admin.page.goto(`${env.sut.url}/admin/users`);
    const row = admin.page.getByTestId('user-row').filter({ hasText: DISTRIBUTOR_EMAIL });
    await row.getByRole('button', { name: 'Password reset link' }).click();
    await admin.page.getByRole('dialog').getByRole('button', { name: 'Yes' }).click();
    const field = row.getByTestId('reset-link');
    await expect.poll(() => field.count()).toBe(1);
    const link = await field.inputValue();
    expect(link).toMatch(new RegExp(`^${env.sut.url}/reset/[A-Za-z0-9_-]{20,}$`));

    const person = await newPage(env.browser, 'en-GB');
    await person.page.goto(link);
    await expect.poll(() => person.page.getByRole('heading', { level: 1 }).textContent()).toBe('Set a new password');
    await person.page.getByLabel('Password (at least 12 characters)').fill('Uusi-salasana-kulttuuriin-7');
    await person.page.getByRole('button', { name: 'Save the password' }).click();
    await expect.poll(() => person.page.getByText('Your password has been changed').count()).toBe(1);

    await signIn(person.page, DISTRIBUTOR_EMAIL, 'Uusi-salasana-kulttuuriin-7');
    expect(await person.page.getByTestId('signed-in-as').textContent()).toBe('Hervannan sosiaalityö');
    // The link is one-time.
    const again = await newPage(env.browser, 'en-GB');
    await again.page.goto(link);
    await expect.poll(() => again.page.getByRole('alert').textContent()).toContain('expired or has already been used');
    expect([...admin.errors, ...person.errors]).toEqual([]);
  });

  it('deactivating an organisation asks first; cancelling changes nothing', async () => {
    const { page, errors } = await newPage(env.browser, 'en-GB');
    await signIn(page, 'admin@kaikukanta.demo');
    await page.goto(`${env.sut.url}/admin/organizations`);
    const row = page.getByTestId('organization-row').filter({ hasText: 'Tiedekeskus Vapriikki' });
    await row.getByRole('button', { name: 'Deactivate' }).click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.textContent()).toContain('Deactivate Tiedekeskus Vapriikki?');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await row.getByText('Inactive').count()).toBe(0);
    await row.getByRole('button', { name: 'Deactivate' }).click();
    await dialog.getByRole('button', { name: 'Yes' }).click();
    await expect.poll(() => row.getByText('Inactive').count()).toBe(1);
    await expect.poll(() => page.getByTestId('notice').textContent()).toContain('Tiedekeskus Vapriikki deactivated.');
    expect(errors).toEqual([]);
  });
});
