import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { DEMO } from '@kaikukanta/kit';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { settled, withSystemAndBrowser } from './browser.ts';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

interface Finding {
  where: string;
  rule: string;
  impact: string | null | undefined;
  nodes: string[];
}

let env: ReturnType<typeof withSystemAndBrowser>;

/** Runs axe-core on what the page shows now; WCAG 2.1 A and AA rules only. */
async function audit(page: Page, where: string): Promise<Finding[]> {
  // Once per document: client-side navigation (`open`) keeps the window, and with it axe (half a megabyte to compile).
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: unknown) => Promise<{ violations: { id: string; impact?: string | null; nodes: { target: unknown[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return result.violations.map((v) => ({ rule: v.id, impact: v.impact, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
  }, WCAG_21_AA);
  return violations.map((v) => ({ where, ...v }));
}

/**
 * Opens a path and waits until the page has rendered its data. The first path of a context is a full page load; the
 * next ones are a link click the app routes itself, as a person moving through it does (a full load of the app, about
 * 0.3 s of Chromium's CPU more per page, is not what this gate audits). A path the page already shows stays as it is.
 */
async function open(page: Page, path: string): Promise<void> {
  await settled(page, 0);
  const url = `${env.sut.url}${path}`;
  if (!page.url().startsWith(env.sut.url)) await page.goto(url);
  else if (page.url() !== url) {
    await page.evaluate((href) => {
      const link = Object.assign(document.createElement('a'), { href });
      document.body.append(link);
      link.click();
      link.remove();
    }, path);
    await page.waitForURL(url);
  }
  await page.locator('main h1').first().waitFor();
  await settled(page);
}

async function signedIn(email: string | null, language: 'fi' | 'sv'): Promise<{ context: BrowserContext; page: Page }> {
  const context = await env.browser.newContext({ locale: language === 'sv' ? 'sv-FI' : 'fi-FI', viewport: { width: 1280, height: 900 } });
  await context.addInitScript((lang) => window.localStorage.setItem('kaikukanta.locale', lang), language);
  const page = await context.newPage();
  if (email) {
    const res = await page.request.post(`${env.sut.url}/graphql`, {
      data: { query: 'mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { user { id } } }', variables: { e: email, p: DEMO.password } },
    });
    expect(res.ok()).toBe(true);
    // A refused login is answered 200 with errors: said here, not as a page without the person's menu later.
    expect((await res.json()) as unknown, `login of ${email}`).not.toHaveProperty('errors');
  }
  return { context, page };
}

/** The first card this person may open, by its page. */
async function firstCardPath(page: Page): Promise<string> {
  const id = await page.evaluate(async () => {
    const res = await fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ cards(limit: 1, offset: 0) { items { id } } }' }) });
    return ((await res.json()) as { data: { cards: { items: { id: string }[] } } }).data.cards.items[0]?.id;
  });
  return `/cards/${id}`;
}

/**
 * Issue 8's accessibility gate for one language: every route as each role that can see it. One file per language
 * (axe-fi, axe-sv), so the two halves run beside other files instead of one three-minute file at the end of a run.
 */
export function axeGate(language: 'fi' | 'sv'): void {
  env = withSystemAndBrowser();
  describe(`WCAG 2.1 AA (axe-core): every route in ${language === 'fi' ? 'Finnish' : 'Swedish'}, as each role that can see it (issue 8)`, () => {
    it('no violation on any page, in any state the test can reach', { timeout: 300_000 }, async () => {
      const findings: Finding[] = [];
      {
        // Anonymous: the public pages, a bad invitation, a page that does not exist.
        {
          const { context, page } = await signedIn(null, language);
          for (const path of ['/', '/login', '/privacy', '/invitation/not-a-real-token', '/no-such-page']) {
            await open(page, path);
            findings.push(...(await audit(page, `${language} anonymous ${path}`)));
          }
          await context.close();
        }
        // A card distributor: registering, the organisation's cards, one card, community cards, checking.
        {
          const { context, page } = await signedIn('jakaja.tampere@kaikukanta.demo', language);
          await open(page, '/');
          const card = await firstCardPath(page);
          for (const path of ['/', '/cards/register', '/cards', card, '/cards/community', '/check', '/statistics']) {
            await open(page, path);
            findings.push(...(await audit(page, `${language} distributor ${path}`)));
          }
          await context.close();
        }
        // A culture provider at the door: the check page with a usable and an unusable verdict.
        {
          const { context, page } = await signedIn('lipputoimisto.ttt@kaikukanta.demo', language);
          await open(page, '/check');
          for (const code of ['AM99001005', 'ZZ99999999']) {
            await page.locator('input.code').fill(code);
            await page.locator('input.code').press('Enter');
            await page.getByTestId('status-result').waitFor();
            findings.push(...(await audit(page, `${language} provider /check ${code}`)));
          }
          await open(page, '/statistics');
          findings.push(...(await audit(page, `${language} provider /statistics`)));
          await context.close();
        }
        // Issue 9's pages: the box office (one card, a group visit) and the events page with its exclusion form, as
        // the provider; as a ticket agent (R18) and a culture officer (decision 0014) once a provider is chosen.
        {
          const { context, page } = await signedIn('lipputoimisto.ttt@kaikukanta.demo', language);
          await open(page, '/usage/register');
          await page.getByTestId('event-option').first().waitFor();
          findings.push(...(await audit(page, `${language} provider /usage/register`)));
          await page.getByTestId('mode-group').check();
          findings.push(...(await audit(page, `${language} provider /usage/register group visit`)));
          await open(page, '/usage/events');
          await page.getByTestId('event-exclude').first().click();
          await page.getByTestId('exclude-form').waitFor();
          findings.push(...(await audit(page, `${language} provider /usage/events with the exclusion form`)));
          // Issue 11: the import wizard, its file step and a preview with a refused row (reasons, filters, history).
          await open(page, '/usage/import');
          findings.push(...(await audit(page, `${language} provider /usage/import`)));
          const report = `Korttikoodi;Tapahtuman nimi;Tapahtuman päivä\r\nXX00000001;Axe-näytös;1.1.2026\r\nAM99001005;Axe-näytös;ei päivä\r\n`;
          await page.getByTestId('import-file').setInputFiles({ name: `axe-${language}.csv`, mimeType: 'text/csv', buffer: Buffer.from(report) });
          await page.getByTestId('import-upload').click();
          await page.locator('[data-testid="import-step"][data-status="PREVIEWED"] [data-testid="import-row"]').first().waitFor();
          findings.push(...(await audit(page, `${language} provider /usage/import preview`)));
          await context.close();
        }
        for (const [who, email] of [
          ['ticket agent', 'lipunvalitys@kaikukanta.demo'],
          ['culture officer', 'kulttuurivastaava.tampere@kaikukanta.demo'],
        ] as const) {
          const { context, page } = await signedIn(email, language);
          for (const path of ['/usage/register', '/usage/events', '/usage/import']) {
            await open(page, path);
            findings.push(...(await audit(page, `${language} ${who} ${path}`)));
            await page.getByTestId('provider-select').selectOption({ label: 'Tampereen Työväen Teatteri' });
            await settled(page);
            findings.push(...(await audit(page, `${language} ${who} ${path} with a provider chosen`)));
          }
          await context.close();
        }

        {
          const { context, page } = await signedIn('vastuuhenkilo.pirkanmaa@kaikukanta.demo', language);
          await open(page, '/');
          const card = await firstCardPath(page);
          for (const path of ['/', '/cards', card, '/check', '/statistics', '/admin/organizations', '/admin/api-keys', '/admin/audit', '/admin/users']) {
            await open(page, path);
            findings.push(...(await audit(page, `${language} responsible person ${path}`)));
          }
          const invite = page.getByTestId('invite-form');
          await invite.locator('input[type=email]').fill(`axe.${language}@example.fi`);
          const organization = invite.locator('select').nth(1);
          if (await organization.count()) await organization.selectOption({ index: 1 });
          await invite.locator('button[type=submit]').click();
          await page.getByTestId('invitation-link').waitFor();
          findings.push(...(await audit(page, `${language} responsible person /admin/users with an invitation link`)));
          await context.close();
        }
        // The national support service: regions too, and a new API key's secret on screen.
        {
          const { context, page } = await signedIn('admin@kaikukanta.demo', language);
          for (const path of ['/statistics', '/admin/regions', '/admin/organizations', '/admin/users', '/admin/audit', '/admin/api-keys']) {
            await open(page, path);
            findings.push(...(await audit(page, `${language} national admin ${path}`)));
          }
          await page.locator('main select').first().selectOption({ index: 1 });
          await page.locator('main form input:not([type])').first().fill(`axe ${language}`);
          await page.locator('main form input[type=checkbox]').first().check();
          await page.locator('main form button[type=submit]').click();
          await page.getByTestId('api-key-secret').waitFor();
          findings.push(...(await audit(page, `${language} national admin /admin/api-keys with a new secret`)));
          await context.close();
        }
        // An analyst (statistics on the network page and the dashboard), the dashboard of a ticket agent and a culture
        // officer, and a person with several roles choosing one.
        for (const [who, email, path] of [
          ['analyst', 'analyytikko@kaikukanta.demo', '/'],
          ['analyst', 'analyytikko@kaikukanta.demo', '/statistics'],
          ['ticket agent', 'lipunvalitys@kaikukanta.demo', '/statistics'],
          ['culture officer', 'kulttuurivastaava.tampere@kaikukanta.demo', '/statistics'],
          ['several roles', 'monirooli@kaikukanta.demo', '/membership'],
        ] as const) {
          const { context, page } = await signedIn(email, language);
          await open(page, path);
          findings.push(...(await audit(page, `${language} ${who} ${path}`)));
          await context.close();
        }
      }
      expect(findings).toEqual([]);
    });
  });
}
