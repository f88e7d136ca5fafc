import { DEMO } from '@kaikukanta/kit';
import { describe, expect, it } from 'vitest';
import { newPage, withSystemAndBrowser } from './browser.ts';

const env = withSystemAndBrowser();

describe('R28: a responsible person brings a new distributor user in (headless Chromium through the gateway)', () => {
  it('logs in, invites a distributor user; the invitee sets a password through the link and logs in with the distributor membership', async () => {
    // The responsible person of Pirkanmaa logs in.
    const admin = await newPage(env.browser, 'en-GB');
    await admin.page.goto(`${env.sut.url}/login`);
    await admin.page.getByLabel('Email address').fill('vastuuhenkilo.pirkanmaa@kaikukanta.demo');
    await admin.page.getByLabel('Password').fill(DEMO.password);
    await admin.page.getByRole('button', { name: 'Log in' }).click();
    await expect.poll(() => admin.page.getByTestId('signed-in-as').textContent()).toBe('Pirkanmaan vastuuhenkilö');
    const cookies = await admin.page.context().cookies();
    expect(cookies.find((c) => c.name === 'kk_session')).toMatchObject({ httpOnly: true, sameSite: 'Strict' });

    // Invites a distributor user of the Hervanta social work unit.
    await admin.page.getByRole('link', { name: 'Administration' }).click();
    // The region's organisations, and only the region's: Pirkanmaa has four of the demo network's twelve.
    await expect.poll(() => admin.page.getByTestId('organization-row').count()).toBe(4);
    await admin.page.getByRole('link', { name: 'Users and invitations' }).click();
    const form = admin.page.getByTestId('invite-form');
    await form.getByLabel('Email address').fill('Uusi.Jakaja@Example.FI');
    await form.getByLabel('Role').selectOption('DISTRIBUTOR');
    await form.getByLabel('Organisation').selectOption({ label: 'Pirkanmaan hyvinvointialue, Hervannan aikuissosiaalityö' });
    await form.getByRole('button', { name: 'Invite a user' }).click();
    const linkField = admin.page.getByTestId('invitation-link');
    await expect.poll(() => linkField.count()).toBe(1);
    const link = await linkField.inputValue();
    expect(link).toMatch(new RegExp(`^${env.sut.url}/invitation/[A-Za-z0-9_-]{20,}$`));
    await expect.poll(() => admin.page.getByRole('cell', { name: 'uusi.jakaja@example.fi' }).count()).toBe(1);
    expect(admin.errors).toEqual([]);

    // The invitee opens the link in another browser, sets a name and a password.
    const invitee = await newPage(env.browser, 'en-GB');
    await invitee.page.goto(link);
    await expect.poll(() => invitee.page.getByRole('heading', { level: 1 }).textContent()).toBe('Accept the invitation');
    await invitee.page.getByLabel('Your name').fill('Uusi Jakaja');
    await invitee.page.getByLabel('Password (at least 12 characters)').fill('short');
    expect(await invitee.page.getByRole('button', { name: 'Create account' }).isDisabled()).toBe(true);
    await invitee.page.getByLabel('Password (at least 12 characters)').fill('Kulttuuria-kaikille-2026');
    await invitee.page.getByRole('button', { name: 'Create account' }).click();
    await expect.poll(() => invitee.page.getByText('Your account is ready').count()).toBe(1);

    // The link is one-time: opened again, it is refused.
    const again = await newPage(env.browser, 'en-GB');
    await again.page.goto(link);
    await expect.poll(() => again.page.getByRole('alert').textContent()).toContain('expired or has already been used');

    // The invitee logs in and acts as a distributor of that organisation.
    await invitee.page.getByRole('link', { name: 'Log in' }).first().click();
    await invitee.page.getByLabel('Email address').fill('uusi.jakaja@example.fi');
    await invitee.page.getByLabel('Password').fill('Kulttuuria-kaikille-2026');
    await invitee.page.getByRole('button', { name: 'Log in' }).click();
    await expect.poll(() => invitee.page.getByTestId('signed-in-as').textContent()).toBe('Uusi Jakaja');
    // One role: shown as it is, no one-option switcher (issue 8).
    expect(await invitee.page.getByTestId('membership-switcher').count()).toBe(0);
    await expect.poll(() => invitee.page.getByTestId('active-role').textContent()).toBe('Card distributor — Pirkanmaan hyvinvointialue, Hervannan aikuissosiaalityö');
    // A distributor is no administrator: the web app hides the link, and the API refuses.
    expect(await invitee.page.getByRole('link', { name: 'Administration' }).count()).toBe(0);
    const refused = await invitee.page.evaluate(async () => {
      const res = await fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ users { email } }' }) });
      return (await res.json()) as { errors?: { extensions?: { code?: string } }[] };
    });
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(invitee.errors).toEqual([]);
  });

  it('a person with several roles picks the one to act in after logging in', async () => {
    const { page, errors } = await newPage(env.browser, 'fi-FI');
    await page.goto(`${env.sut.url}/login`);
    await page.getByLabel('Sähköpostiosoite').fill('monirooli@kaikukanta.demo');
    await page.getByLabel('Salasana').fill(DEMO.password);
    await page.getByRole('button', { name: 'Kirjaudu' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Valitse rooli');
    await page.getByRole('button', { name: /Ateneumin taidemuseo/ }).click();
    const switcher = page.getByTestId('membership-switcher');
    await expect.poll(async () => (await switcher.locator('option:checked').textContent())?.trim()).toMatch(/Ateneumin taidemuseo$/);
    expect(errors).toEqual([]);
  });

  it('a wrong password gets a clear message in the chosen language and no session', async () => {
    const { page } = await newPage(env.browser, 'sv-FI');
    await page.goto(`${env.sut.url}/login`);
    await page.getByRole('button', { name: 'Svenska' }).click();
    await page.getByLabel('E-postadress').fill('jakaja.tampere@kaikukanta.demo');
    await page.getByLabel('Lösenord').fill('not-the-password');
    await page.getByRole('button', { name: 'Logga in' }).click();
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.count()).toBe(1);
    expect(await alert.textContent()).toBe('Fel e-postadress eller lösenord.');
    expect(await alert.getAttribute('data-code')).toBe('INVALID_CREDENTIALS');
    expect((await page.context().cookies()).find((c) => c.name === 'kk_session')).toBeUndefined();
  });
});
