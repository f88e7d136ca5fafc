import { DEMO } from '@kaikukanta/kit';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { settled, withSystemAndBrowser } from './browser.ts';
import { gatewayRequest } from './support.ts';

/** Issue 8: the web app as its users meet it — at the door on a phone, at the distributor's desk, by keyboard. */
const env = withSystemAndBrowser();
const PHONE = { width: 390, height: 844 };

const helsinkiDay = (offsetDays = 0) => {
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki' }).format(new Date());
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + offsetDays);
  return d.toISOString().slice(0, 10);
};
const yearFrom = (day: string) => new Date(Date.UTC(Number(day.slice(0, 4)) + 1, Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)) - 1)).toISOString().slice(0, 10);
/** A day as the Finnish UI writes it: 2.12.2026. */
const fiDay = (day: string) => `${Number(day.slice(8, 10))}.${Number(day.slice(5, 7))}.${day.slice(0, 4)}`;

async function page(viewport = { width: 1280, height: 900 }): Promise<{ page: Page; errors: string[] }> {
  const context = await env.browser.newContext({ locale: 'fi-FI', viewport });
  const p = await context.newPage();
  const errors: string[] = [];
  p.on('pageerror', (error) => errors.push(error.message));
  return { page: p, errors };
}

/** Signs the page's browser in without the UI (the UI login has its own tests). */
async function signIn(p: Page, email: string): Promise<void> {
  const res = await p.request.post(`${env.sut.url}/graphql`, {
    data: { query: 'mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { user { id } } }', variables: { e: email, p: DEMO.password } },
  });
  expect(res.ok()).toBe(true);
  // A refused login is answered 200 with errors: said here, not as a page without the person's menu later.
  expect((await res.json()) as unknown, `login of ${email}`).not.toHaveProperty('errors');
}

async function cookieOf(email: string): Promise<string> {
  const res = await gatewayRequest(env.sut.graphqlUrl, 'mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { user { id } } }', { e: email, p: DEMO.password });
  return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

let serial = 0;
/** A card registered through the API by the Tampere distributor. */
async function registered(input: Record<string, unknown>): Promise<{ id: string; code: string }> {
  const code = `UX${String(Date.now() % 1_000_000).padStart(6, '0')}${String(serial++).padStart(2, '0')}`;
  const res = await gatewayRequest<{ registerCard: { id: string; code: string } }>(
    env.sut.graphqlUrl,
    'mutation ($i: RegisterCardInput!) { registerCard(input: $i) { id code } }',
    { i: { code, background: { birthYear: 1970, postalCode: '33720', minorChildren: 1 }, ...input } },
    { cookie: await cookieOf('jakaja.tampere@kaikukanta.demo') },
  );
  expect(res.errors).toBeUndefined();
  return res.data!.registerCard;
}

/** Presses Tab until the focused element is the one wanted (keyboard only). */
async function tabTo(p: Page, matches: (el: { tag: string; text: string; label: string }) => boolean, limit = 40): Promise<void> {
  for (let i = 0; i < limit; i++) {
    await p.keyboard.press('Tab');
    const el = await p.evaluate(() => {
      const a = document.activeElement as HTMLElement | null;
      const label = a && 'labels' in a ? ((a as HTMLInputElement).labels?.[0]?.textContent ?? '') : '';
      return { tag: a?.tagName.toLowerCase() ?? '', text: a?.textContent?.trim() ?? '', label: label.trim() };
    });
    if (matches(el)) return;
  }
  throw new Error('never reached by Tab');
}

describe('Issue 8: the box office on a phone', () => {
  it('the verdict is in view at 390×844, unmistakable (colour, icon, large words and code) and announced; no sideways scrolling', async () => {
    const { page: p, errors } = await page(PHONE);
    await signIn(p, 'lipputoimisto.ttt@kaikukanta.demo');
    await p.goto(`${env.sut.url}/check`);
    await p.getByLabel('Korttikoodi').waitFor();
    // A one-role person gets no one-option dropdown; the connection state is not shown on a page that is not live.
    expect(await p.getByTestId('membership-switcher').count()).toBe(0);
    expect((await p.getByTestId('live-status').textContent())?.trim()).toBe('');
    expect(await p.locator('header').evaluate((el) => el.getBoundingClientRect().height)).toBeLessThan(80);

    for (const [code, usable, words] of [
      ['am99 001 005', true, 'Kortti käy'],
      ['ZZ99999999', false, 'Kortti ei käy'],
    ] as const) {
      await p.keyboard.type(code); // the code field has the focus, as for a barcode reader
      await p.keyboard.press('Enter');
      const verdict = p.getByTestId('status-result');
      await expect.poll(() => verdict.getAttribute('data-usable')).toBe(String(usable));
      const seen = await verdict.evaluate((el) => {
        const words = el.querySelector('[data-testid=verdict-words]') as HTMLElement;
        const code = el.querySelector('[data-testid=verdict-code]') as HTMLElement;
        const live = el.closest('[aria-live]');
        return {
          top: el.getBoundingClientRect().top,
          bottom: words.getBoundingClientRect().bottom,
          words: words.textContent?.trim(),
          wordsPx: parseFloat(getComputedStyle(words).fontSize),
          codePx: parseFloat(getComputedStyle(code).fontSize),
          bodyPx: parseFloat(getComputedStyle(document.body).fontSize),
          icon: Boolean(el.querySelector('svg[data-testid=verdict-icon]')),
          background: getComputedStyle(el).backgroundColor,
          live: live?.getAttribute('aria-live'),
          role: live?.getAttribute('role'),
          scrollWidth: document.scrollingElement!.scrollWidth,
        };
      });
      expect(seen.top).toBeLessThan(350);
      expect(seen.bottom).toBeLessThan(PHONE.height);
      expect(seen.words?.toLowerCase()).toBe(words.toLowerCase());
      expect(seen.wordsPx).toBeGreaterThanOrEqual(28);
      expect(seen.codePx).toBeGreaterThan(seen.bodyPx * 1.4);
      expect(seen.icon).toBe(true);
      expect(seen.background).toBe(usable ? 'rgb(23, 107, 64)' : 'rgb(143, 18, 22)');
      expect(seen).toMatchObject({ live: 'polite', role: 'status' });
      expect(seen.scrollWidth).toBeLessThanOrEqual(PHONE.width);
    }

    // The menu opens from one button; the name and the role read as two things; "log out" stays on one line.
    await p.getByRole('button', { name: 'Valikko' }).click();
    await p.getByRole('link', { name: 'Tarkista kortti' }).waitFor();
    expect(await p.getByTestId('active-role').textContent()).toBe('Kulttuuritoimija — Tampereen Työväen Teatteri');
    expect(await p.getByTestId('signed-in-as').textContent()).toBe('TTT:n lipputoimisto');
    const logout = await p.getByRole('button', { name: 'Kirjaudu ulos' }).evaluate((el) => ({ height: el.getBoundingClientRect().height, line: parseFloat(getComputedStyle(el).lineHeight) || 24 }));
    expect(logout.height).toBeLessThan(logout.line * 2 + 16);
    expect(await p.evaluate(() => document.scrollingElement!.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    expect(errors).toEqual([]);
  });

  it('no page scrolls sideways from 360 px up, with the menu open or closed', async () => {
    const { page: p } = await page({ width: 360, height: 740 });
    await signIn(p, 'monirooli@kaikukanta.demo');
    await settled(p, 0);
    for (const path of ['/', '/check', '/login', '/membership']) {
      await p.goto(`${env.sut.url}${path}`);
      await p.locator('main h1').first().waitFor();
      await settled(p);
      expect(await p.evaluate(() => document.scrollingElement!.scrollWidth), path).toBeLessThanOrEqual(360);
      await p.getByRole('button', { name: 'Valikko' }).click();
      expect(await p.evaluate(() => document.scrollingElement!.scrollWidth), `${path} menu open`).toBeLessThanOrEqual(360);
    }
  });

  it('the first load of the app transfers its scripts compressed through the gateway', async () => {
    const { page: p } = await page();
    const scripts: { url: string; encoding: string | undefined; length: number; vary: string | undefined; cache: string | undefined }[] = [];
    // Every script's headers are read before the assertions: the handlers are awaited, not given a fixed time.
    const reads: Promise<void>[] = [];
    p.on('response', (res) => {
      if (!res.url().endsWith('.js')) return;
      reads.push(
        res.allHeaders().then((headers) => {
          scripts.push({ url: res.url(), encoding: headers['content-encoding'], length: Number(headers['content-length']), vary: headers.vary, cache: headers['cache-control'] });
        }),
      );
    });
    await settled(p, 0);
    await p.goto(`${env.sut.url}/`);
    await p.locator('main h1').first().waitFor();
    await settled(p);
    await Promise.all(reads);
    const large = scripts.filter((script) => script.encoding || script.length >= 1024);
    expect(large.length).toBeGreaterThan(3);
    for (const script of large) {
      expect(['br', 'gzip'], script.url).toContain(script.encoding);
      expect(script.vary).toBe('Accept-Encoding');
    }
    // Files under 1 KiB go as they are: compressing them would save less than the headers cost.
    for (const script of scripts.filter((s) => !s.encoding)) expect(script.length, script.url).toBeLessThan(1024);
    for (const script of scripts.filter((s) => s.url.includes('/_app/immutable/'))) expect(script.cache).toBe('public, max-age=31536000, immutable');
  });

  it('R9: an identity code typed as a card code is refused with 400 and a message in the user’s language, not a server error', async () => {
    const cookie = await cookieOf('lipputoimisto.ttt@kaikukanta.demo');
    const res = await gatewayRequest(env.sut.graphqlUrl, 'query ($c: String!) { cardStatus(code: $c) { usable } }', { c: '131052-308T' }, { cookie, 'accept-language': 'fi' });
    expect(res.status).toBe(400);
    expect(res.errors?.[0]).toMatchObject({ extensions: { code: 'PERSONAL_DATA_REFUSED' }, message: 'Henkilötunnusta ei saa tallentaa rekisteriin. Poista se tiedoista.' });

    const { page: p, errors } = await page();
    await signIn(p, 'lipputoimisto.ttt@kaikukanta.demo');
    await p.goto(`${env.sut.url}/check`);
    await p.getByLabel('Korttikoodi').fill('131052-308T');
    await p.getByLabel('Korttikoodi').press('Enter');
    await expect.poll(() => p.getByRole('alert').textContent()).toContain('Henkilötunnusta ei saa tallentaa');
    expect(errors).toEqual([]);
  });
});

describe('Issue 8: one last valid day, a renewal the server accepts, forms that say what is missing', () => {
  it('R5, R6: after ending, the card’s page and the venue’s check show the same last valid day (the day before the end)', async () => {
    const card = await registered({ grantedOn: helsinkiDay(-40) });
    const { page: desk } = await page();
    await signIn(desk, 'jakaja.tampere@kaikukanta.demo');
    await desk.goto(`${env.sut.url}/cards/${card.id}`);
    await desk.getByRole('button', { name: 'Päätä voimassaolo', exact: true }).click();
    await desk.getByRole('dialog').getByRole('button', { name: 'Kyllä' }).click();
    await expect.poll(() => desk.getByTestId('card-state').textContent()).toBe('Päätetty');
    const yesterday = fiDay(helsinkiDay(-1));
    expect(await desk.getByTestId('valid-until').textContent()).toBe(yesterday);
    expect(await desk.getByTestId('history-row').last().textContent()).toContain(yesterday);

    const { page: door } = await page();
    await signIn(door, 'lipputoimisto.ttt@kaikukanta.demo');
    await door.goto(`${env.sut.url}/check`);
    await door.getByLabel('Korttikoodi').fill(card.code);
    await door.getByLabel('Korttikoodi').press('Enter');
    await expect.poll(() => door.getByTestId('verdict-last-valid-day').textContent()).toBe(`Voimassa ${yesterday} asti`);
  });

  it('R6: a card registered today cannot be renewed yet and the page says so; a trial card is offered a day the server accepts, with the range in words', async () => {
    const today = helsinkiDay();
    const { page: p, errors } = await page();
    await signIn(p, 'jakaja.tampere@kaikukanta.demo');

    const fresh = await registered({});
    await p.goto(`${env.sut.url}/cards/${fresh.id}`);
    await expect.poll(() => p.getByTestId('extend-range').textContent()).toContain(`(${fiDay(yearFrom(today))} asti)`);
    expect(await p.getByTestId('new-valid-until').count()).toBe(0);
    expect(await p.getByRole('button', { name: 'Jatka voimassaoloa' }).count()).toBe(0);

    const trial = await registered({ trialEndsOn: helsinkiDay(30) });
    await p.goto(`${env.sut.url}/cards/${trial.id}`);
    const field = p.getByTestId('new-valid-until');
    await expect.poll(() => field.inputValue()).toBe(fiDay(yearFrom(today)));
    expect(await p.getByTestId('extend-range').textContent()).toContain(`${fiDay(helsinkiDay(31))}–${fiDay(yearFrom(today))}`);
    // Out of range: said next to the button, which then does nothing.
    await field.fill(fiDay(helsinkiDay(800)));
    await expect.poll(() => p.locator('#extend-problem').textContent()).toBe('Päivä ei ole sallitulla välillä.');
    await field.fill(fiDay(yearFrom(today)));
    // A card's page fits a phone: the history table scrolls by itself, never the page.
    await p.setViewportSize({ width: 360, height: 740 });
    expect(await p.evaluate(() => document.scrollingElement!.scrollWidth)).toBeLessThanOrEqual(360);
    await p.setViewportSize({ width: 1280, height: 900 });
    await p.getByRole('button', { name: 'Jatka voimassaoloa' }).click();
    await p.getByRole('dialog').getByRole('button', { name: 'Kyllä' }).click();
    await expect.poll(() => p.getByText('Muutos tallennettu.').count()).toBe(1);
    await expect.poll(() => p.getByTestId('valid-until').textContent()).toBe(fiDay(yearFrom(today)));
    expect(await p.getByRole('alert').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('a grey Register button says what is still missing, and an inline error does not move the fields below it', async () => {
    const { page: p } = await page();
    await signIn(p, 'jakaja.tampere@kaikukanta.demo');
    await p.goto(`${env.sut.url}/cards/register`);
    const missing = p.getByTestId('register-missing');
    await expect.poll(() => missing.textContent()).toBe('Täytä vielä: Korttikoodi, Syntymävuosi, Postinumero, Alaikäisten lasten tai lastenlasten määrä');
    expect(await p.getByRole('button', { name: 'Rekisteröi', exact: true }).getAttribute('aria-describedby')).toBe('register-missing');
    await p.getByLabel('Korttikoodi').fill('UX12345678');
    await expect.poll(() => missing.textContent()).not.toContain('Korttikoodi');

    const top = () => p.getByLabel('Äidinkieli').evaluate((el) => el.getBoundingClientRect().top);
    // Measured once the page has settled (a loaded machine renders late content above the field late).
    const below = async () => {
      let last = await top();
      for (;;) {
        await p.waitForTimeout(250);
        const now = await top();
        if (now === last) return now;
        last = now;
      }
    };
    const before = await below();
    await p.getByLabel('Syntymävuosi').fill('2015');
    await expect.poll(() => p.getByText('Kortti myönnetään 16 vuotta täyttäneelle.').count()).toBe(1);
    await p.getByLabel('Postinumero').fill('33');
    await p.getByLabel('Syntymävuosi').focus();
    expect(Math.abs((await below()) - before)).toBeLessThan(1); // sub-pixel rounding only
  });
});

describe('Issue 8: signing in where the work is', () => {
  it('an anonymous visitor of a protected page is sent to log in and brought back; no "no right" message, no README hint', async () => {
    const { page: p, errors } = await page();
    await p.goto(`${env.sut.url}/cards/register`);
    await expect.poll(() => new URL(p.url()).pathname + new URL(p.url()).search).toBe('/login?next=%2Fcards%2Fregister');
    expect(await p.getByText('Sinulla ei ole oikeutta').count()).toBe(0);
    expect(await p.getByText('README').count()).toBe(0);
    await p.getByLabel('Sähköpostiosoite').fill('jakaja.tampere@kaikukanta.demo');
    await p.getByLabel('Salasana').fill(DEMO.password);
    await p.getByRole('button', { name: 'Kirjaudu', exact: true }).click();
    await expect.poll(() => new URL(p.url()).pathname).toBe('/cards/register');
    await p.getByTestId('register-form').waitFor();
    expect(errors).toEqual([]);
  });

  it('after login a national admin lands on administration, and a foreign "next" is ignored', async () => {
    const { page: p } = await page();
    await p.goto(`${env.sut.url}/login?next=${encodeURIComponent('//evil.example/')}`);
    await p.getByLabel('Sähköpostiosoite').fill('admin@kaikukanta.demo');
    await p.getByLabel('Salasana').fill(DEMO.password);
    await p.getByRole('button', { name: 'Kirjaudu', exact: true }).click();
    await expect.poll(() => p.url()).toBe(`${env.sut.url}/admin/organizations`);
  });
});

describe('Issue 8: each role’s main task by keyboard only (Tab, Enter, typing)', () => {
  async function keyboardLogin(p: Page, email: string): Promise<void> {
    await p.goto(`${env.sut.url}/login`);
    await expect.poll(() => p.evaluate(() => document.activeElement?.getAttribute('type'))).toBe('email');
    await p.keyboard.type(email); // the email field has the focus
    await p.keyboard.press('Tab');
    await p.keyboard.type(DEMO.password);
    await p.keyboard.press('Enter');
    await p.getByTestId('signed-in-as').waitFor();
  }

  it('a distributor registers a card', async () => {
    const { page: p, errors } = await page();
    await keyboardLogin(p, 'jakaja.tampere@kaikukanta.demo');
    await tabTo(p, (el) => el.tag === 'a' && el.text === 'Rekisteröi kortti');
    await p.keyboard.press('Enter');
    await p.getByTestId('register-form').waitFor();
    await expect.poll(() => p.evaluate(() => document.activeElement?.classList.contains('code'))).toBe(true);
    await p.keyboard.type('KB 0000 0001');
    await p.keyboard.press('Enter'); // like a barcode reader: on to the birth year
    await p.keyboard.type('1980');
    await tabTo(p, (el) => el.label === 'Postinumero');
    await p.keyboard.type('33720');
    await tabTo(p, (el) => el.label.startsWith('Alaikäisten lasten'));
    await p.keyboard.type('1');
    await tabTo(p, (el) => el.tag === 'button' && el.text === 'Rekisteröi');
    await p.keyboard.press('Enter');
    await expect.poll(() => p.getByTestId('registered').textContent()).toContain('Kortti KB00000001 on rekisteröity');
    expect(errors).toEqual([]);
  });

  it('a culture provider checks a card', async () => {
    const { page: p, errors } = await page();
    await keyboardLogin(p, 'lipputoimisto.ttt@kaikukanta.demo');
    await tabTo(p, (el) => el.tag === 'a' && el.text === 'Tarkista kortti');
    await p.keyboard.press('Enter');
    await expect.poll(() => p.evaluate(() => document.activeElement?.classList.contains('code'))).toBe(true);
    await p.keyboard.type('AM99001005');
    await p.keyboard.press('Enter');
    await expect.poll(() => p.getByTestId('verdict-words').textContent()).toBe('Kortti käy');
    // Ready for the next card: the code field has the focus again.
    expect(await p.evaluate(() => document.activeElement?.classList.contains('code'))).toBe(true);
    expect(errors).toEqual([]);
  });
});
