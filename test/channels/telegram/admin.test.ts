import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { webhookUrlFor } from '../../../src/channels/telegram/admin.js';
import { FakeBotApi } from './fake-bot-api.js';
import { BOT_TOKEN, WEBHOOK_SECRET } from './harness.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

describe('npm run telegram', () => {
  let fake: FakeBotApi;
  beforeAll(async () => {
    fake = await new FakeBotApi().start();
  });
  afterAll(async () => {
    await fake?.stop();
  });
  beforeEach(() => fake.reset());

  /** Runs the real CLI in a child process against the fake Bot API. */
  async function cli(args: string[], env: Record<string, string> = {}) {
    const result = await run(process.execPath, ['--import', 'tsx', 'src/cli/telegram.ts', ...args], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        TELEGRAM_BOT_TOKEN: BOT_TOKEN,
        TELEGRAM_API_ROOT: fake.url,
        TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET,
        PUBLIC_BASE_URL: 'https://netra.example.go.id/',
        ...env,
      },
    }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
    );
    expect(result.stdout + result.stderr).not.toContain(BOT_TOKEN);
    expect(result.stdout + result.stderr).not.toContain(WEBHOOK_SECRET);
    return result;
  }

  it('set-webhook registers the public URL with the secret and update types, then the command menu', async () => {
    const result = await cli(['set-webhook', '--drop-pending-updates']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Webhook terdaftar: https://netra.example.go.id/webhooks/telegram');
    expect(fake.calls.map((c) => c.method)).toEqual(['setWebhook', 'setMyCommands', 'setMyDescription', 'setMyShortDescription']);
    expect(fake.calls[0]!.payload).toEqual({
      url: 'https://netra.example.go.id/webhooks/telegram',
      secret_token: WEBHOOK_SECRET,
      allowed_updates: ['message', 'edited_message', 'callback_query'],
      drop_pending_updates: true,
    });
    expect(fake.calls[1]!.payload).toEqual({
      commands: [
        { command: 'start', description: 'Mulai dan lihat menu topik' },
        { command: 'topik', description: 'Daftar topik netralitas ASN' },
        { command: 'lapor', description: 'Cara melaporkan pelanggaran netralitas' },
        { command: 'bantuan', description: 'Cara memakai Netra' },
        { command: 'privasi', description: 'Data yang dicatat dan untuk apa' },
      ],
    });
    expect(fake.calls.every((c) => c.token === BOT_TOKEN)).toBe(true);
  });

  it('info shows the bot and its webhook, delete-webhook removes it', async () => {
    fake.webhook = { url: 'https://netra.example.go.id/webhooks/telegram', allowed_updates: ['message'] };
    const info = await cli(['info']);
    expect(info.code).toBe(0);
    expect(info.stdout).toContain('Bot: @NetraTestBot');
    expect(info.stdout).toContain('Webhook: https://netra.example.go.id/webhooks/telegram');
    expect(info.stdout).toContain('Mode privasi grup: aktif');

    const deleted = await cli(['delete-webhook']);
    expect(deleted.code).toBe(0);
    expect(fake.callsTo('deleteWebhook')[0]!.payload).toEqual({ drop_pending_updates: false });
    expect(fake.webhook).toBeNull();
  });

  it('explains a Telegram error without printing the token', async () => {
    fake.failNext('getMe', { status: 401 });
    const result = await cli(['info']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Gagal: getMe (401) Unauthorized');
  });

  it('refuses set-webhook without a secret, and without https', async () => {
    const noSecret = await cli(['set-webhook'], { TELEGRAM_WEBHOOK_SECRET: '' });
    expect(noSecret.code).toBe(1);
    expect(noSecret.stderr).toContain('TELEGRAM_WEBHOOK_SECRET');
    expect(fake.calls).toEqual([]);
    expect(() => webhookUrlFor('http://netra.example.go.id')).toThrow(/https/);
    expect(webhookUrlFor('https://contoh.go.id/netra/')).toBe('https://contoh.go.id/netra/webhooks/telegram');
  });
});
