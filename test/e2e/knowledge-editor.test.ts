import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { hasChromium, launchChromium } from '../helpers/browser.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearerFor } from '../helpers/admin.js';
import { startTestNetra } from '../helpers/netra.js';

const SHOTS = 'test-output/screenshots';
const ID = 'foto-bersama-calon';
const WIDTHS = [390, 1366];

// Until console logins are merged, the browser authenticates with an API token header (what scripts use).
describe.runIf(hasChromium)('knowledge editor in a real browser', { timeout: 300_000 }, () => {
  let server: Awaited<ReturnType<typeof startTestNetra>>;
  let browser: Browser;
  let admin: BrowserContext;
  let editor: BrowserContext;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    server = await startTestNetra();
    browser = await launchChromium();
    admin = await browser.newContext({ extraHTTPHeaders: await bearerFor(server.netra.database.db, 'admin') });
    editor = await browser.newContext({ extraHTTPHeaders: await bearerFor(server.netra.database.db, 'editor') });
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await server?.netra.stop();
  });

  async function shoot(page: Page, name: string, target?: string) {
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: width < 600 ? 844 : 900 });
      const path = `${SHOTS}/${name}-${width}.png`;
      if (target) await page.locator(target).screenshot({ path });
      else await page.screenshot({ path });
    }
    await page.setViewportSize({ width: 1366, height: 900 });
  }

  /** What the public web chat answers to the entry's first question. */
  async function webChatAnswer(question: string): Promise<string> {
    const page = await browser.newPage();
    await page.goto(server.url);
    await expect.poll(() => page.locator('.chips button').count()).toBeGreaterThan(3);
    await page.fill('#text', question);
    await page.press('#text', 'Enter');
    await page.locator('.msg.bot .title').last().waitFor();
    const text = (await page.locator('.msg.bot').last().textContent()) ?? '';
    await page.close();
    return text;
  }

  it('an admin edits an answer, sees the preview and the diff, publishes, and the web chat shows the new answer', async () => {
    const page = await admin.newPage();
    await page.goto(`${server.url}/admin/entries?q=foto`);
    await expect.poll(() => page.locator('.entry-table tbody tr').count()).toBeGreaterThan(0);
    await shoot(page, 'entries-list');

    await page.goto(`${server.url}/admin/entries/${ID}`);
    await page.locator('#pv-web .badge').waitFor();
    expect(await page.locator('#pv-web .badge').textContent()).toBe('⚠️ Bersyarat');
    expect(await page.locator('#pv-whatsapp').textContent()).toContain('Dasar hukum');
    // An untouched form differs from its version in nothing, the distinction label included.
    expect(await page.locator('#pv-changes').textContent()).not.toContain('Pembeda');
    await shoot(page, 'entry-page');
    await shoot(page, 'entry-preview', 'aside.preview');

    const question = (await page.locator('#f-questions').inputValue()).split('\n')[0]!;
    const answer = page.locator('#f-answer');
    const original = await answer.inputValue();
    const edited = original.replace(/^[^\n]*/, '**Boleh dengan syarat.** Jawaban baru dari konsol.');
    await answer.fill(edited);
    await expect.poll(() => page.locator('#pv-changes').textContent()).toContain('Jawaban baru dari konsol.');
    await expect.poll(() => page.locator('#pv-telegram').textContent()).toContain('Jawaban baru dari konsol.');
    expect(await page.locator('#answer-count').textContent()).toContain(`${edited.trim().length} / 900`);

    await page.getByRole('button', { name: 'Simpan dan terbitkan' }).click();
    await page.waitForURL(/saved=/);
    expect(await page.locator('.notice.ok').textContent()).toContain('diterbitkan');
    expect(await page.locator('#perbedaan').textContent()).toContain('Jawaban baru dari konsol.');
    await page.locator('#riwayat').scrollIntoViewIfNeeded();
    await shoot(page, 'entry-history', '#riwayat');

    expect(await webChatAnswer(question)).toContain('Jawaban baru dari konsol.');
  });

  it("an editor's change waits for an admin's approval before the chat shows it", async () => {
    const page = await editor.newPage();
    await page.goto(`${server.url}/admin/entries/${ID}`);
    await page.locator('#pv-web .badge').waitFor();
    const question = (await page.locator('#f-questions').inputValue()).split('\n')[0]!;
    await page.fill('#f-title', 'Berfoto bersama calon (usulan editor)');
    await page.getByRole('button', { name: 'Kirim usulan' }).click();
    await page.waitForURL(/proposed=1/);
    expect(await page.locator('.notice.ok').textContent()).toContain('menunggu persetujuan admin');
    expect(await webChatAnswer(question)).not.toContain('usulan editor');

    const review = await admin.newPage();
    await review.goto(`${server.url}/admin/proposals`);
    const card = review.locator('article.proposal').first();
    expect(await card.textContent()).toContain('Berfoto bersama calon (usulan editor)');
    await shoot(review, 'proposals');
    await card.getByRole('button', { name: 'Setujui dan terbitkan' }).click();
    await review.waitForURL(/approved=/);
    expect(await webChatAnswer(question)).toContain('Berfoto bersama calon (usulan editor)');
  });

  it('an admin edits a chat text and the category list, and reads what each version changed', async () => {
    const page = await admin.newPage();
    await page.goto(`${server.url}/admin/texts`);
    const welcome = page.locator('#text-welcome');
    const textarea = welcome.locator('textarea');
    await textarea.fill(`${await textarea.inputValue()}\nKetik pertanyaan Anda kapan saja.`);
    await welcome.getByRole('button', { name: 'Simpan dan terbitkan' }).click();
    await page.waitForURL(/saved=/);
    const history = page.locator('#riwayat-welcome');
    await history.locator('summary').click();
    expect(await history.locator('li').first().textContent()).toContain('(berlaku)');
    expect(await history.locator('li').first().locator('.added').textContent()).toContain('Ketik pertanyaan Anda kapan saja.');
    await history.scrollIntoViewIfNeeded();
    await shoot(page, 'texts-history', '#text-welcome');

    await page.goto(`${server.url}/admin/categories`);
    const title = page.locator('#c-title-0');
    await title.fill(`${await title.inputValue()} (uji)`);
    await page.getByRole('button', { name: 'Simpan dan terbitkan' }).click();
    await page.waitForURL(/saved=/);
    await page.locator('#riwayat summary').click();
    expect(await page.locator('#riwayat li').first().textContent()).toContain('(uji)');
    await page.locator('#riwayat').scrollIntoViewIfNeeded();
    await shoot(page, 'categories-history', '#riwayat');
  });
});
