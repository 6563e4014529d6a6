import { serve, type ServerType } from '@hono/node-server';
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { hasChromium, launchChromium } from '../helpers/browser.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminRoutes } from '../../src/admin/index.js';
import { createApp } from '../../src/server.js';
import { createTestAccount, type TestAccount } from '../helpers/admin.js';
import { openTestDatabase, type TestDatabase } from '../helpers/database.js';
import { memoryLogger } from '../helpers/logger.js';
import { startTestNetra } from '../helpers/netra.js';

const SHOTS = 'test-output/screenshots';
const WIDTHS = [390, 1366];

async function shoot(page: Page, name: string): Promise<void> {
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: width < 500 ? 844 : 900 });
    await page.screenshot({ path: `${SHOTS}/${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1366, height: 900 });
}

async function logIn(page: Page, base: string, account: TestAccount): Promise<void> {
  await page.goto(`${base}/admin/login`);
  await page.getByLabel('E-mail').fill(account.email);
  await page.getByLabel('Kata sandi').fill(account.password);
  await page.getByRole('button', { name: 'Masuk' }).click();
  await page.waitForURL(`${base}/admin`);
}

describe.runIf(hasChromium)('admin console in a real browser', () => {
  let server: Awaited<ReturnType<typeof startTestNetra>>;
  let browser: Browser;
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    server = await startTestNetra();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.netra.stop();
  });

  it('an admin logs in through the form, adds a user, reads the audit log and the WhatsApp page', async () => {
    const admin = await createTestAccount(server.netra.database.db, 'admin', 'ani@bkpsdm.go.id');
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });

    await page.goto(`${server.url}/admin/users`);
    await page.waitForURL(/\/admin\/login\?next=%2Fadmin%2Fusers/);
    await page.getByLabel('E-mail').fill(admin.email);
    await page.getByLabel('Kata sandi').fill('bukan-sandinya-123');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('[role="alert"]').textContent()).toBe('E-mail atau kata sandi salah.');
    await shoot(page, 'login');

    await page.getByLabel('Kata sandi').fill(admin.password);
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.waitForURL(`${server.url}/admin/users`);
    await page.goto(`${server.url}/admin`);
    expect(await page.locator('h1').textContent()).toBe('Selamat datang, Uji admin');
    await shoot(page, 'home');

    await page.goto(`${server.url}/admin/users`);
    await page.getByLabel('E-mail').fill('budi@bkpsdm.go.id');
    await page.getByLabel('Nama').fill('Budi Santoso');
    await page.getByLabel('Peran', { exact: true }).selectOption('reviewer');
    await page.getByRole('button', { name: 'Tambah dan buat tautan' }).click();
    const link = await page.getByLabel(/Tautan sekali pakai/).inputValue();
    expect(link).toMatch(/\/admin\/set-password\?token=/);
    expect(await page.locator('table.users').textContent()).toContain('budi@bkpsdm.go.id');
    await shoot(page, 'users');

    await page.goto(`${server.url}/admin/audit`);
    const first = page.locator('table.audit tbody tr').first();
    expect(await first.textContent()).toContain('Akun dibuat');
    expect(await first.locator('.diff').textContent()).toContain('budi@bkpsdm.go.id');
    await shoot(page, 'audit');

    await page.goto(`${server.url}/admin/whatsapp`);
    expect(await page.locator('main').textContent()).toContain('WhatsApp tidak aktif');

    await page.getByRole('button', { name: 'Keluar' }).click();
    await page.waitForURL(/\/admin\/login\?keluar/);
    await page.goto(`${server.url}/admin`);
    await page.waitForURL(/\/admin\/login/);
  });

  describe('WhatsApp page while Baileys waits for a scan', () => {
    let database: TestDatabase;
    let http: ServerType;
    let base: string;
    beforeAll(async () => {
      database = await openTestDatabase('pglite');
      const log = memoryLogger().log;
      const status = () => ({ status: 'qr' as const, qr: '2@Netra-login-QR-payload,abc,def', since: new Date('2026-11-10T01:00:00Z').toISOString(), leader: true });
      const app = createApp({ log, readiness: [], routes: [adminRoutes({ db: database.database.db, log, whatsapp: { mode: 'baileys', status } })] });
      http = await new Promise<ServerType>((resolve) => {
        const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
      });
      base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await database.cleanup();
    });

    it('shows the QR drawn as SVG on the server', async () => {
      const admin = await createTestAccount(database.database.db, 'admin');
      const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
      await logIn(page, base, admin);
      await page.goto(`${base}/admin/whatsapp`);
      const qr = page.getByRole('img', { name: 'Kode QR untuk menautkan WhatsApp Netra' });
      expect(await qr.locator('svg path').count()).toBeGreaterThan(0);
      await shoot(page, 'whatsapp');
    });
  });
});
