import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

describe('configuration', () => {
  it('has working defaults for a fresh machine', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ PORT: 3000, HOST: '127.0.0.1', DATA_DIR: './data', LOG_LEVEL: 'info', RETENTION_DAYS: 180, WHATSAPP_MODE: 'off' });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.telegramMode).toBe('off');
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '  ' })).toMatchObject({ PORT: 3000, DATABASE_URL: undefined });
  });

  it('names the variable that is invalid', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL: must be a postgres:\/\/ URL/);
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
    expect(() => loadConfig({ USER_KEY_SECRET: 'short' })).toThrow(/USER_KEY_SECRET: must be at least 16 characters/);
  });

  it('lists every invalid variable at once', () => {
    try {
      loadConfig({ PORT: '70000', PUBLIC_BASE_URL: 'not a url' });
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).toMatch(/PORT/);
      expect((error as Error).message).toMatch(/PUBLIC_BASE_URL/);
    }
  });

  it('chooses the Telegram mode from the token and the public URL', () => {
    expect(loadConfig({ TELEGRAM_BOT_TOKEN: '1:abc' }).telegramMode).toBe('polling');
    expect(loadConfig({ TELEGRAM_BOT_TOKEN: '1:abc', PUBLIC_BASE_URL: 'https://netra.example.id', TELEGRAM_WEBHOOK_SECRET: 's3cret' }).telegramMode).toBe('webhook');
  });

  it('requires a webhook secret in Telegram webhook mode', () => {
    expect(() => loadConfig({ TELEGRAM_BOT_TOKEN: '1:abc', TELEGRAM_MODE: 'webhook' })).toThrow(/TELEGRAM_WEBHOOK_SECRET/);
  });

  it('requires the Cloud API settings in WhatsApp cloud mode', () => {
    expect(() => loadConfig({ WHATSAPP_MODE: 'cloud' })).toThrow(/WHATSAPP_CLOUD_APP_SECRET/);
  });

  it('never echoes a secret value in its error', () => {
    expect(() => loadConfig({ USER_KEY_SECRET: 'tiny-secret' })).toThrow(expect.objectContaining({ message: expect.not.stringContaining('tiny-secret') }));
  });
});
