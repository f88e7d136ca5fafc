import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEMO } from '@kaikukanta/kit';
import { afterAll, describe, expect, it } from 'vitest';
import { newPage, withSystemAndBrowser } from './browser.ts';
import { writeQrVideo } from './fake-camera.ts';

let dir: string | undefined;
const env = withSystemAndBrowser(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'kk-camera-'));
  const video = path.join(dir, 'card.y4m');
  // The printed QR code holds only the code (R1); the camera sees it as a holder shows the card.
  await writeQrVideo(video, 'AM99001001');
  return ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${video}`];
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('R15: a card read from its QR code with the device camera', () => {
  it('the box office scans the card with the camera and sees at once whether it can be used', async () => {
    const { page, errors } = await newPage(env.browser, 'en-GB');
    await page.context().grantPermissions(['camera']);
    await page.goto(`${env.sut.url}/login`);
    await page.getByLabel('Email address').fill('lipputoimisto.ttt@kaikukanta.demo');
    await page.getByLabel('Password').fill(DEMO.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect.poll(() => page.getByTestId('signed-in-as').count()).toBe(1);
    await page.goto(`${env.sut.url}/check`);
    await page.getByRole('button', { name: 'Scan with the camera' }).click();
    const result = page.getByTestId('status-result');
    await expect.poll(() => result.count(), { timeout: 20_000 }).toBe(1);
    const text = await result.textContent();
    expect(text).toContain('AM99001001');
    expect(text).toContain('The card is valid');
    expect(errors).toEqual([]);
  });
});
