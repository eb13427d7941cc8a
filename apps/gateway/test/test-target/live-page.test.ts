import { mkdirSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startGateway } from '../../src/index';

import { chromiumAvailable, launchChromium } from '../chromium';

const available = chromiumAvailable('live page test');

const MiB = 1 << 20;
const TOKEN = 'live-page-token';

/** An EOS piece whose body the test feeds by hand, as a slow client would send it. */
function slowPiece(url: string, start: number, length: number, total: number) {
  const req = request(`${url}/eos/demo/video.mp4`, {
    method: 'PUT',
    headers: { 'content-length': length, 'x-upload-range': `bytes=${start}-${start + length - 1}`, 'x-upload-totalsize': total },
  });
  const answered = new Promise<number>((resolve, reject) => {
    req.once('response', (res) => {
      res.resume();
      resolve(res.statusCode!);
    });
    req.once('error', reject);
  });
  return { send: (n: number) => new Promise<void>((r) => req.write(Buffer.alloc(n, 1), () => r())), end: () => req.end(), answered };
}

describe.skipIf(!available)('live page in headless Chromium', () => {
  it('shows each upload with its bytes in flight, rate, ETA, state, expiry and links, with a token', async () => {
    const running = await startGateway({ config: { adminToken: TOKEN } });
    const browser = await launchChromium();
    try {
      const box = await fetch(`${running.url}/api/2.0/files/upload_sessions`, {
        method: 'POST',
        body: JSON.stringify({ folder_id: '0', file_size: 30_000_000, file_name: 'report.pdf' }),
      });
      expect(box.status).toBe(201);
      // an EOS upload: the first 8 MiB acknowledged, then a slow piece still arriving
      const first = slowPiece(running.url, 0, 8 * MiB, 32 * MiB);
      await first.send(8 * MiB);
      first.end();
      expect(await first.answered).toBe(201);
      const slow = slowPiece(running.url, 8 * MiB, 8 * MiB, 32 * MiB);
      await slow.send(2 * MiB);

      const page = await browser.newPage({ viewport: { width: 1000, height: 420 } });
      const opened = await page.goto(`${running.url}/_rangeway/?token=${TOKEN}`);
      expect(opened?.status()).toBe(200);
      const eos = page.locator('.upload', { hasText: '/eos/demo/video.mp4' });
      await expect.poll(() => eos.locator('.tag').first().textContent()).toBe('eos');
      expect(await eos.locator('.nums').textContent()).toBe('8.0 MiB / 32.0 MiB · 25.0%'); // the declared x-upload-totalsize
      await expect.poll(() => eos.locator('.inflight').textContent()).toBe('in flight: 2.0 MiB in 1 request(s)');
      expect(await eos.locator('.fly').count()).toBe(1);
      expect(await eos.locator('.seg').evaluateAll((els) => els.map((e) => (e as HTMLElement).style.left))).toEqual(['0%']);

      // the body keeps streaming: the in-flight bytes grow live, a rate and an ETA appear
      await slow.send(2 * MiB);
      await expect.poll(() => eos.locator('.inflight').textContent()).toBe('in flight: 4.0 MiB in 1 request(s)');
      await expect.poll(() => eos.locator('.rate').textContent()).toMatch(/^rate: [\d.]+ (KiB|MiB)\/s$/);
      await expect.poll(() => eos.locator('.eta').textContent()).toMatch(/^ETA: \d/);
      expect(await eos.locator('.expiry').textContent()).toBe('expires: in 7.0 days'); // EOS's default idle expiry
      const id = await eos.getAttribute('data-id');
      expect(await eos.locator('.id code').textContent()).toBe(id);

      const dir = join(__dirname, '..', '..', 'test-results');
      mkdirSync(dir, { recursive: true });
      const png = await page.screenshot({ path: join(dir, 'live-page.png'), fullPage: true });
      expect(png.subarray(1, 4).toString()).toBe('PNG');

      // Box shows the file name, its total and its expiry
      const boxCard = page.locator('.upload', { hasText: 'report.pdf' });
      expect(await boxCard.locator('.target').textContent()).toBe('report.pdf');
      expect(await boxCard.locator('.nums').textContent()).toBe('0 B / 28.6 MiB · 0.0%');
      expect(await boxCard.locator('.expiry').textContent()).toMatch(/^expires: in /);
      await expect(page.locator('.legend').textContent()).resolves.toContain('arriving now');

      // details and requests open below the card, fetched with the token
      await eos.locator('a.open-details').click();
      await expect.poll(() => eos.locator('pre.json').textContent()).toContain(`"id": "${id}"`);
      await eos.locator('a.open-requests').click();
      await expect.poll(() => eos.locator('pre.json').nth(1).textContent()).toContain('"path": "/eos/demo/video.mp4"');

      // the filter by dialect and state
      await page.selectOption('#dialect', 'box');
      await expect.poll(() => page.locator('.upload').count()).toBe(1);
      expect(page.url()).toContain('dialect=box');
      await page.selectOption('#dialect', '');
      await page.selectOption('#state', 'committed');
      await expect.poll(() => page.locator('.empty').count()).toBe(1);
      await page.selectOption('#state', '');

      // the piece completes: nothing in flight, 16 MiB acknowledged
      await slow.send(4 * MiB);
      slow.end();
      expect(await slow.answered).toBe(201);
      await expect.poll(() => eos.locator('.inflight').textContent()).toBe('in flight: none');
      await expect.poll(() => eos.locator('.nums').textContent()).toBe('16.0 MiB / 32.0 MiB · 50.0%');
    } finally {
      await browser.close();
      await running.close();
    }
  });
});
