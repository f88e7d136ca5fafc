import { DEMO } from '@kaikukanta/kit';
import { describe, expect, it } from 'vitest';
import { newPage, withSystemAndBrowser } from './browser.ts';
import { gatewayRequest } from './support.ts';

const env = withSystemAndBrowser();

describe('web app through the gateway (headless Chromium)', () => {
  it('lists the seeded organisations with data from several subgraphs, in Finnish, Swedish and English', async () => {
    const { page, errors } = await newPage(env.browser, 'fi-FI');
    await page.goto(`${env.sut.url.replace('localhost', '127.0.0.1')}/`);
    const organizations = page.getByTestId('organization');
    await expect.poll(() => organizations.count()).toBe(Object.keys(DEMO.organizations).length);
    // Organisation (organizations subgraph) and the national figures (statistics subgraph); R27: the public sees no
    // distributor's card count, and the national figures rounded, as the page says.
    const hervanta = organizations.filter({ hasText: 'Hervannan' });
    await expect.poll(() => page.getByTestId('summary-rounded').textContent()).toContain('kymmeniin');
    expect(await hervanta.textContent()).not.toMatch(/\d+ korttia?/);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Kaikukortti-verkosto');

    await page.getByRole('button', { name: 'Svenska' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Kaikukortti-nätverket');
    await expect.poll(() => page.getByTestId('summary-rounded').textContent()).toContain('tiotal');
    expect(await page.getByRole('heading', { level: 2, name: 'Österbotten', exact: true }).count()).toBe(1);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('sv');

    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('The Kaikukortti network');
    // Region names come from the server in all three languages.
    expect(await page.getByRole('heading', { level: 2, name: 'Ostrobothnia', exact: true }).count()).toBe(1);

    // The language is remembered across a reload.
    await page.reload();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('The Kaikukortti network');
    expect(errors).toEqual([]);
  });

  it('filters organisations by kind and name without another request', async () => {
    const { page } = await newPage(env.browser, 'en-GB');
    await page.goto(`${env.sut.url}/`);
    const organizations = page.getByTestId('organization');
    await expect.poll(() => organizations.count()).toBe(Object.keys(DEMO.organizations).length);
    await page.getByLabel('Kind of organisation').selectOption('TICKET_AGENT');
    await expect.poll(() => organizations.count()).toBe(2);
    await page.getByLabel('Search by name').fill('lippu');
    await expect.poll(() => organizations.count()).toBe(1);
  });

  it('shows the live connection once the WebSocket subscription through the gateway is open', async () => {
    const { page } = await newPage(env.browser, 'en-GB');
    await page.goto(`${env.sut.url}/`);
    await expect.poll(() => page.getByTestId('live-status').textContent(), { timeout: 10_000 }).toContain('Live connection');
  });

  it('R24, R27: the national figures on the page follow registrations live, without a reload, in public steps of ten', async () => {
    const { page, errors } = await newPage(env.browser, 'en-GB');
    await page.goto(`${env.sut.url}/`);
    const registered = page.getByTestId('cards-registered');
    // The seed's 52 cards, as the public sees them (R27: rounded down to tens, and said so).
    await expect.poll(() => registered.textContent()).toBe('50');
    expect(await page.getByTestId('summary-rounded').textContent()).toContain('rounded down to tens');
    await expect.poll(() => page.getByTestId('live-status').textContent()).toContain('Live connection');

    const login = await gatewayRequest(env.sut.graphqlUrl, 'mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { user { id } } }', {
      e: 'jakaja.tampere@kaikukanta.demo',
      p: DEMO.password,
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    // Eight registrations take the national count from 52 to 60: the page moves once, by ten.
    for (let i = 1; i <= 8; i += 1) {
      const res = await gatewayRequest(
        env.sut.graphqlUrl,
        'mutation ($i: RegisterCardInput!) { registerCard(input: $i) { code } }',
        { i: { code: `LIVE00000${i}`, background: { birthYear: 1970, postalCode: '33720', minorChildren: 0 } } },
        { cookie },
      );
      expect(res.errors).toBeUndefined();
    }
    await expect.poll(() => registered.textContent()).toBe('60');
    // R27: no distributor's count on the public page.
    expect(await page.getByTestId('organization').filter({ hasText: /\d+ cards?\b/ }).count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('serves client-side routes after a reload (the gateway answers them with the app)', async () => {
    const { page } = await newPage(env.browser, 'en-GB');
    const response = await page.goto(`${env.sut.url}/login`);
    expect(response?.status()).toBe(200);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Log in to Kaikukanta');
  });
});
