import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { hasChromium, launchChromium } from '../helpers/browser.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateQueryLog } from '../../bench/querylog-generate.js';
import { insertQueryRecords } from '../../src/analytics/query-insert.js';
import { feedback } from '../../src/db/schema.js';
import { seedDashboard } from '../analytics/dashboard-fixture.js';
import { createTestAccount, type TestAccount } from '../helpers/admin.js';
import { startTestNetra } from '../helpers/netra.js';

const SHOTS = 'test-output/screenshots';
const NOVEMBER = '/admin/reports?from=2026-11-01&to=2026-11-30';

describe.runIf(hasChromium)('reports page in a real browser', () => {
  let server: Awaited<ReturnType<typeof startTestNetra>>;
  let browser: Browser;
  let reviewer: TestAccount;

  beforeAll(async () => {
    server = await startTestNetra();
    const db = server.netra.database.db;
    await seedDashboard(db);
    // A busier month on top, with the real entries and the real normaliser: charts with some shape.
    const snapshot = server.netra.knowledge.current();
    const log = generateQueryLog({
      rows: 3_000,
      from: new Date('2026-10-02T00:00:00Z'),
      to: new Date('2026-11-30T16:00:00Z'),
      entries: [...snapshot.entries.values()].map((e) => ({ id: e.id, questions: e.questions })),
      normalize: (text) => snapshot.matcher.normalize(text),
      users: 400,
    });
    // As the query-log writer inserts them, so the rollups the page counts from hold them too.
    for (let i = 0; i < log.queries.length; i += 500) await insertQueryRecords(db, log.queries.slice(i, i + 500));
    for (let i = 0; i < log.ratings.length; i += 500) await db.insert(feedback).values(log.ratings.slice(i, i + 500));
    reviewer = await createTestAccount(db, 'reviewer');
    browser = await launchChromium();
    mkdirSync(SHOTS, { recursive: true });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.netra.stop();
  });

  async function loggedIn(width: number): Promise<Page> {
    const context = await browser.newContext({ viewport: { width, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(`${server.url}${NOVEMBER}`);
    // Not logged in: the login form, which comes back to the report afterwards.
    await page.fill('#email', reviewer.email);
    await page.fill('#password', reviewer.password);
    await page.click('button[type=submit]');
    await page.waitForURL(`**${NOVEMBER}`);
    return page;
  }

  it('a reviewer logs in, sees non-empty charts and tables, downloads a CSV, and cannot open the knowledge editor', async () => {
    const page = await loggedIn(1366);
    expect(await page.locator('h1').textContent()).toBe('Laporan pertanyaan ASN');
    expect(await page.locator('.stat-value').first().textContent()).not.toBe('0');
    expect(await page.locator('svg.chart').count()).toBe(3);
    expect(await page.locator('#grafik-volume-title ~ g rect, svg[aria-labelledby^="grafik-volume"] rect').count()).toBeGreaterThan(30);
    expect(await page.locator('svg[aria-labelledby^="grafik-kategori"] rect').count()).toBeGreaterThan(3);
    expect(await page.locator('table.topics tbody tr').count()).toBeGreaterThan(5);
    expect(await page.locator('table.groups tbody tr').count()).toBeGreaterThan(3);
    // The chart's numbers for screen readers: a table behind a disclosure.
    await page.locator('section[aria-labelledby="jam"] summary').click();
    expect(await page.locator('.heat-table tbody tr').count()).toBe(7);
    await page.screenshot({ path: `${SHOTS}/reports-1366.png`, fullPage: true });

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('a[href^="/admin/reports/topik.csv"]')]);
    expect(download.suggestedFilename()).toBe('netra-topik-2026-11-01_2026-11-30.csv');
    const csv = await readFile((await download.path())!);
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.toString('utf8').slice(1).split('\r\n')[0]).toBe('Kategori,Kode jawaban,Judul,Status,Jumlah,Periode sebelumnya,Tren');

    // The editor is not in the menu, and typing its address gives the refusal page.
    expect(await page.locator('nav a[href="/admin/entries"]').count()).toBe(0);
    const editor = await page.goto(`${server.url}/admin/entries/new`);
    if (editor!.status() !== 404) {
      expect(editor!.status()).toBe(403);
      expect(await page.locator('h1').textContent()).toBe('Akses ditolak');
    }

    // The period picker keeps its choice in the URL.
    await page.goto(`${server.url}${NOVEMBER}`);
    await page.selectOption('#channel', 'telegram');
    await page.click('.period-form button[type=submit]');
    await page.waitForURL(/channel=telegram/);
    expect(await page.locator('.period-line').textContent()).toContain('Telegram');
    await page.context().close();
  }, 180_000);

  it('reads on a phone and prints as one A4 report', async () => {
    const page = await loggedIn(390);
    await page.screenshot({ path: `${SHOTS}/reports-390.png`, fullPage: true });
    // Nothing but the charts' own scroll boxes is wider than the screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.context().close();

    const desk = await loggedIn(1366);
    await desk.emulateMedia({ media: 'print' });
    expect(await desk.locator('.picker').isVisible()).toBe(false);
    expect(await desk.locator('.topbar').isVisible()).toBe(false);
    await desk.screenshot({ path: `${SHOTS}/reports-print-1366.png`, fullPage: true });
    const pdf = await desk.pdf({ path: 'test-output/reports.pdf', format: 'A4', printBackground: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await desk.context().close();
  }, 180_000);
});
