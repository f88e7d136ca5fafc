import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';
import { startE2ESystem, type E2ESystem } from './support.ts';

/** Debian's Chromium (installed by .ci/run); Playwright cannot download browsers here. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** `extraArgs`, e.g. a fake camera: `--use-fake-device-for-media-stream`, `--use-file-for-fake-video-capture=…`. */
export async function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: install it (apt-get install chromium) or set CHROMIUM_PATH`);
  return chromium.launch({ executablePath: CHROMIUM, args: [...FLAGS, ...extraArgs] });
}

/** A fresh page (own cookies) that fails the test on any uncaught error in the app. */
export async function newPage(browser: Browser, locale = 'fi-FI'): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return { page, errors };
}

const inFlight = new WeakMap<Page, { requests: number; changedAt: number }>();

/**
 * Resolves once `page` has had no HTTP request in flight for `quietMs` (default 200 ms): its data has arrived.
 * Playwright's `networkidle` waits a fixed 500 ms of silence after every load, most of an audit's time across the
 * accessibility gate's 45 page loads; this counts the page's own requests instead (WebSocket frames are not requests,
 * as for `networkidle`). The first call on a page starts counting, so call it once before the page's first load.
 */
export async function settled(page: Page, quietMs = 200, timeoutMs = 15_000): Promise<void> {
  let state = inFlight.get(page);
  if (!state) {
    const tracked = { requests: 0, changedAt: performance.now() };
    const done = () => {
      tracked.requests = Math.max(0, tracked.requests - 1);
      tracked.changedAt = performance.now();
    };
    page.on('request', () => {
      tracked.requests += 1;
      tracked.changedAt = performance.now();
    });
    page.on('requestfinished', done);
    page.on('requestfailed', done);
    inFlight.set(page, tracked);
    state = tracked;
  }
  const deadline = performance.now() + timeoutMs;
  while (state.requests > 0 || performance.now() - state.changedAt < quietMs) {
    if (performance.now() > deadline) throw new Error(`the page still had ${state.requests} request(s) in flight after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * The usual browser test file: one real system (demo data, free ports) and one
 * Chromium for all its tests, started together before them and stopped after.
 * `browserArgs` may prepare files first (e.g. a fake camera's video).
 */
export function withSystemAndBrowser(browserArgs: () => Promise<string[]> | string[] = () => []): { readonly sut: E2ESystem; readonly browser: Browser } {
  let sut: E2ESystem | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    const args = await browserArgs();
    [sut, browser] = await Promise.all([startE2ESystem(inject('pgAdminUrl')), launchBrowser(args)]);
  });
  afterAll(async () => {
    await browser?.close();
    await sut?.teardown();
  });
  return {
    get sut() {
      if (!sut) throw new Error('the system is not started yet');
      return sut;
    },
    get browser() {
      if (!browser) throw new Error('the browser is not started yet');
      return browser;
    },
  };
}
