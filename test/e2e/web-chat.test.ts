import type { Browser } from 'playwright-core';
import { hasChromium, launchChromium } from '../helpers/browser.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNetra } from '../helpers/netra.js';


describe.runIf(hasChromium)('web chat in a real browser', () => {
  let server: Awaited<ReturnType<typeof startTestNetra>>;
  let browser: Browser;
  beforeAll(async () => {
    server = await startTestNetra();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.netra.stop();
  });

  it('asks a question, shows the verdict badge, follows a related topic and sends feedback', async () => {
    const page = await browser.newPage();
    await page.goto(server.url);
    // The welcome message with the category chips arrives on load.
    await expect.poll(() => page.locator('.chips button').count()).toBeGreaterThan(3);

    await page.fill('#text', 'min boleh gk asn ngelike postingan paslon di ig?');
    await page.press('#text', 'Enter');
    const badge = page.locator('.badge').last();
    await badge.waitFor();
    expect(await badge.textContent()).toBe('❌ Dilarang');
    const lastAnswer = page.locator('.msg.bot').last();
    expect(await lastAnswer.locator('.sources.regulation').textContent()).toMatch(/^Dasar hukum:/);
    expect(await lastAnswer.locator('.sources.reference').textContent()).toMatch(/^Rujukan:/);
    expect(await lastAnswer.locator('.sources.reference a').first().getAttribute('href')).toMatch(/^https:\/\//);
    expect(await lastAnswer.locator('.sources.regulation a').count()).toBe(0);

    const related = page.locator('.msg.bot').last().locator('.chips button').first();
    const relatedTitle = await related.textContent();
    await related.click();
    await expect.poll(() => page.locator('.msg.bot .title').last().textContent()).toBe(relatedTitle);

    await page.locator('.feedback button[data-rating="up"]').last().click();
    await expect.poll(() => page.locator('.feedback span').last().textContent()).toBe('Terima kasih atas penilaian Anda.');
  });

  it('shows "Dasar hukum" and "Rujukan" as two blocks at phone and laptop widths', async () => {
    for (const width of [390, 1366]) {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      await page.goto(server.url);
      await page.fill('#text', 'pns boleh ngelike postingan calon bupati di instagram?');
      await page.press('#text', 'Enter');
      await page.locator('.msg.bot .sources.reference').last().waitFor();
      const blocks = await page.locator('.msg.bot').last().locator('.sources strong').allTextContents();
      expect(blocks).toEqual(['Dasar hukum:', 'Rujukan:']);
      await page.screenshot({ path: `test-output/screenshots/web-chat-sources-${width}.png`, fullPage: true });
      await page.close();
    }
  });

  it('explains a clarifying question and answers the choice the person picks', async () => {
    for (const width of [390, 1366]) {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      await page.goto(server.url);
      await page.fill('#text', 'pns boleh ikut kampanye gak sih?');
      await page.press('#text', 'Enter');
      const clarify = page.locator('.msg.bot').last();
      await expect.poll(() => clarify.textContent()).toContain('jawabannya berbeda');
      expect(await clarify.textContent()).toContain('(dilarang)');
      const choices = clarify.locator('.chips button');
      expect(await choices.count()).toBeGreaterThanOrEqual(2);
      await page.screenshot({ path: `test-output/screenshots/web-chat-clarify-${width}.png`, fullPage: true });
      const chosen = await choices.first().textContent();
      await choices.first().click();
      await expect.poll(() => page.locator('.msg.bot .title').last().textContent()).toBe(chosen);
      await page.close();
    }
  });

  it('escapes what the user typed', async () => {
    const page = await browser.newPage();
    await page.goto(server.url);
    await page.fill('#text', '<img src=x onerror="window.pwned=1">');
    await page.press('#text', 'Enter');
    await expect.poll(() => page.locator('.msg.bot').count()).toBeGreaterThan(1);
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
    expect(await page.locator('.msg.user .bubble').last().textContent()).toBe('<img src=x onerror="window.pwned=1">');
  });
});
