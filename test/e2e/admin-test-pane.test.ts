import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { hasChromium, launchChromium } from '../helpers/browser.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearerFor } from '../helpers/admin.js';
import { startTestNetra } from '../helpers/netra.js';

const SHOTS = 'test-output/screenshots';
const KNOWN = 'boleh gak pns jadi mc acara partai';
const NEW_PHRASING = 'pns ikut senam pagi yang diadakan tim sukses boleh?';
const TARGET = 'tim-sukses-relawan-konsultan';

describe.runIf(hasChromium)('test pane in the browser', () => {
  let t: Awaited<ReturnType<typeof startTestNetra>>;
  let browser: Browser;
  let headers: { authorization: string };
  beforeAll(async () => {
    t = await startTestNetra();
    headers = await bearerFor(t.netra.database.db, 'admin');
    browser = await launchChromium();
    mkdirSync(SHOTS, { recursive: true });
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await t?.netra.stop();
  });

  const pageAt = async (width: number) => {
    const context = await browser.newContext({ viewport: { width, height: 900 }, extraHTTPHeaders: headers });
    return context.newPage();
  };

  it.each([390, 1366])('shows a question’s candidates and a batch with right/wrong (%i px)', async (width) => {
    const page = await pageAt(width);
    await page.goto(`${t.url}/admin/test?q=${encodeURIComponent(KNOWN)}`);
    await expect.poll(() => page.locator('#hasil').count()).toBe(1);
    const rows = page.locator('section:has(#hasil) tbody tr');
    expect(await rows.count()).toBeGreaterThan(3);
    expect(await rows.first().innerText()).toContain('acara-partai-narasumber-jurkam');
    expect(await page.locator('.verdict-line').innerText()).toContain('Dijawab');
    await page.screenshot({ path: `${SHOTS}/admin-test-${width}.png`, fullPage: true });

    await page.fill('#lines', `${KNOWN}\nresep rendang padang\n${NEW_PHRASING}`);
    await page.setInputFiles('#file', {
      name: 'cases.jsonl',
      mimeType: 'application/json',
      buffer: Buffer.from(`{"text": "${KNOWN}", "expect": "acara-partai-narasumber-jurkam"}\n{"text": "${KNOWN}", "expect": "${TARGET}"}\n`),
    });
    await page.click('text=Uji semua');
    await expect.poll(() => page.locator('#hasil-daftar').count()).toBe(1);
    const batchRows = page.locator('section:has(#hasil-daftar) tbody tr');
    expect(await batchRows.count()).toBe(5);
    expect(await page.locator('section:has(#hasil-daftar)').innerText()).toContain('Benar: 1 dari 2');
    await page.screenshot({ path: `${SHOTS}/admin-test-batch-${width}.png`, fullPage: true });
    await page.context().close();
  }, 120_000);

  it('adds a phrasing after showing its impact on the labelled sets, and the answer changes', async () => {
    const page = await pageAt(1366);
    // The impact preview builds two matchers in the worker thread: slow on a busy machine.
    page.setDefaultTimeout(240_000);
    await page.goto(`${t.url}/admin/test?q=${encodeURIComponent(NEW_PHRASING)}`);
    expect(await page.locator('.verdict-line').innerText()).not.toContain('Dijawab');
    await page.selectOption('#single-entry', TARGET);
    await page.click('text=Periksa dampak…');
    await page.waitForSelector('#dampak');
    expect(await page.locator('body').innerText()).toMatch(/Diperiksa: dev\.jsonl/);
    await page.screenshot({ path: `${SHOTS}/admin-test-impact-1366.png`, fullPage: true });
    await page.click('text=Simpan & terbitkan frasa');
    await page.waitForSelector('.notice.ok');
    expect(await page.locator('.notice.ok').innerText()).toContain('sudah berlaku');
    await page.click('text=Uji lagi pertanyaan ini');
    expect(await page.locator('.verdict-line').innerText()).toContain('Dijawab');
    await page.context().close();
  }, 300_000);
});
