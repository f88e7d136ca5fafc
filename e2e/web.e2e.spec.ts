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
    // Organisation (organizations subgraph) with its card count (cards subgraph).
    const hervanta = organizations.filter({ hasText: 'Hervannan' });
    await expect.poll(() => hervanta.textContent()).toContain('13 korttia');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Kaikukortti-verkosto');

    await page.getByRole('button', { name: 'Svenska' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Kaikukortti-nätverket');
    await expect.poll(() => hervanta.textContent()).toContain('13 kort');
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

  it('R24: the national figures on the page follow a registration at once, without a reload', async () => {
    const { page, errors } = await newPage(env.browser, 'en-GB');
    await page.goto(`${env.sut.url}/`);
    const registered = page.getByTestId('cards-registered');
    await expect.poll(() => registered.textContent()).toBe('52');
    await expect.poll(() => page.getByTestId('live-status').textContent()).toContain('Live connection');

    const login = await gatewayRequest(env.sut.graphqlUrl, 'mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { user { id } } }', {
      e: 'jakaja.tampere@kaikukanta.demo',
      p: DEMO.password,
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const res = await gatewayRequest(
      env.sut.graphqlUrl,
      'mutation ($i: RegisterCardInput!) { registerCard(input: $i) { code } }',
      { i: { code: 'LIVE000001', background: { birthYear: 1970, postalCode: '33720', minorChildren: 0 } } },
      { cookie },
    );
    expect(res.errors).toBeUndefined();
    await expect.poll(() => registered.textContent()).toBe('53');
    expect(errors).toEqual([]);
  });

  it('serves client-side routes after a reload (the gateway answers them with the app)', async () => {
    const { page } = await newPage(env.browser, 'en-GB');
    const response = await page.goto(`${env.sut.url}/login`);
    expect(response?.status()).toBe(200);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Log in to Kaikukanta');
  });
});
