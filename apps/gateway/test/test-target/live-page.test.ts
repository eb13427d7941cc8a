import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { streamOfBytes } from '@rangeway/core';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { startGateway } from '../../src/index';

// Debian's chromium (apt-get install chromium). CI installs it; elsewhere the test is skipped loudly.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available && process.env.CI) throw new Error(`CI needs Chromium at ${CHROMIUM} for the live page test`);
if (!available) console.warn(`live page test skipped: no Chromium at ${CHROMIUM}`);

describe.skipIf(!available)('live page in headless Chromium', () => {
  it('draws each upload as a bar of its received byte ranges, updating live', async () => {
    const running = await startGateway();
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const { uploads } = running.gateway;
      const MiB = 1 << 20;
      const s = await uploads.create({ namespace: 'eos', target: '/eos/demo/video.mp4', total: 40 * MiB });
      const put = (start: number, end: number) =>
        uploads.receive(s.id, { start, end, body: streamOfBytes(new Uint8Array(end - start)), overlap: 'overwrite' });
      await put(0, 8 * MiB);
      await put(24 * MiB, 32 * MiB);

      const page = await browser.newPage({ viewport: { width: 900, height: 320 } });
      await page.goto(`${running.url}/_rangeway/`);
      const bar = page.locator(`.upload[data-id="${s.id}"] .bar .seg`);
      await expect.poll(() => bar.count()).toBe(2);
      const lefts = await bar.evaluateAll((els) => els.map((e) => (e as HTMLElement).style.left));
      expect(lefts).toEqual(['0%', '60%']);

      // a later write shows up without a reload
      await put(8 * MiB, 16 * MiB);
      await expect.poll(() => bar.count()).toBe(2);
      await expect
        .poll(() => bar.first().evaluate((e) => (e as HTMLElement).style.width))
        .toBe('40%');
      await expect.poll(() => page.locator('.nums').first().textContent()).toContain('24.0 MiB / 40.0 MiB');

      const dir = join(__dirname, '..', '..', 'test-results');
      mkdirSync(dir, { recursive: true });
      const png = await page.screenshot({ path: join(dir, 'live-page.png') });
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      expect(png.length).toBeGreaterThan(5_000);
    } finally {
      await browser.close();
      await running.close();
    }
  });
});
