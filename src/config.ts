import { z } from 'zod';

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalString = z.preprocess(emptyToUndefined, z.string().optional());
const port = z.coerce.number().int().min(0).max(65535);

/**
 * Every setting Netra reads, from environment variables. Read once in main.ts and passed down;
 * no other module touches process.env.
 */
export const configSchema = z.object({
  PORT: z.preprocess(emptyToUndefined, port.default(3000)),
  HOST: z.preprocess(emptyToUndefined, z.string().default('127.0.0.1')),
  PUBLIC_BASE_URL: z.preprocess(emptyToUndefined, z.url().optional()),
  DATABASE_URL: z.preprocess(
    emptyToUndefined,
    z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional(),
  ),
  DATA_DIR: z.preprocess(emptyToUndefined, z.string().default('./data')),
  KNOWLEDGE_DIR: z.preprocess(emptyToUndefined, z.string().default('./knowledge')),
  LOG_LEVEL: z.preprocess(
    emptyToUndefined,
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ),
  USER_KEY_SECRET: z.preprocess(emptyToUndefined, z.string().min(16, 'must be at least 16 characters').optional()),
  SPOOL_DIR: optionalString,
  /** Bootstrap admin bearer token (console, /api/admin, /api/reports); console accounts and API tokens need none. */
  ADMIN_TOKEN: z.preprocess(emptyToUndefined, z.string().min(16, 'must be at least 16 characters').optional()),
  RETENTION_DAYS: z.preprocess(emptyToUndefined, z.coerce.number().int().positive().default(180)),

  TELEGRAM_BOT_TOKEN: optionalString,
  TELEGRAM_MODE: z.preprocess(emptyToUndefined, z.enum(['webhook', 'polling']).optional()),
  TELEGRAM_WEBHOOK_SECRET: z.preprocess(
    emptyToUndefined,
    z.string().regex(/^[A-Za-z0-9_-]{1,256}$/, '1–256 characters from A-Z a-z 0-9 _ -').optional(),
  ),
  TELEGRAM_API_ROOT: z.preprocess(emptyToUndefined, z.url().default('https://api.telegram.org')),
  /** Telegram chat ids (comma-separated) that get the weekly report digest, Mondays 07.00 WIB. */
  REPORT_DIGEST_TELEGRAM_CHATS: z.preprocess(
    (v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : v),
    z.array(z.string().regex(/^(-?\d{1,20}|@[A-Za-z]\w{3,31})$/, 'chat ids: numbers (e.g. -1001234567890) or @channelname, comma-separated')).default([]),
  ),

  WHATSAPP_MODE: z.preprocess(emptyToUndefined, z.enum(['off', 'baileys', 'cloud']).default('off')),
  /** Name of the Baileys session in the database; one per linked number. */
  WHATSAPP_SESSION: z.preprocess(emptyToUndefined, z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, '1–64 characters from A-Z a-z 0-9 _ -').default('default')),
  WHATSAPP_PAIRING_NUMBER: z.preprocess(emptyToUndefined, z.string().regex(/^\d{8,15}$/, 'digits only, with country code, no +').optional()),
  WHATSAPP_CLOUD_VERIFY_TOKEN: optionalString,
  WHATSAPP_CLOUD_APP_SECRET: optionalString,
  WHATSAPP_CLOUD_TOKEN: optionalString,
  WHATSAPP_CLOUD_PHONE_NUMBER_ID: optionalString,
  WHATSAPP_CLOUD_API_ROOT: z.preprocess(emptyToUndefined, z.url().default('https://graph.facebook.com/v21.0')),
});

export type RawConfig = z.infer<typeof configSchema>;

export interface Config extends RawConfig {
  /** Effective Telegram mode: unset mode means webhook when a public URL is known, else polling. */
  telegramMode: 'webhook' | 'polling' | 'off';
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Validates the environment once; throws a ConfigError naming every invalid variable. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const result = configSchema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const raw = result.data;
  const problems: string[] = [];
  let telegramMode: Config['telegramMode'] = 'off';
  if (raw.TELEGRAM_BOT_TOKEN) {
    telegramMode = raw.TELEGRAM_MODE ?? (raw.PUBLIC_BASE_URL ? 'webhook' : 'polling');
    if (telegramMode === 'webhook' && !raw.TELEGRAM_WEBHOOK_SECRET) {
      problems.push('  TELEGRAM_WEBHOOK_SECRET: required in webhook mode');
    }
  }
  if (raw.WHATSAPP_MODE === 'cloud') {
    for (const key of ['WHATSAPP_CLOUD_VERIFY_TOKEN', 'WHATSAPP_CLOUD_APP_SECRET', 'WHATSAPP_CLOUD_TOKEN', 'WHATSAPP_CLOUD_PHONE_NUMBER_ID'] as const) {
      if (!raw[key]) problems.push(`  ${key}: required when WHATSAPP_MODE=cloud`);
    }
  }
  if (raw.REPORT_DIGEST_TELEGRAM_CHATS.length > 0 && !raw.TELEGRAM_BOT_TOKEN) {
    problems.push('  REPORT_DIGEST_TELEGRAM_CHATS: needs TELEGRAM_BOT_TOKEN (the digest goes through the same bot)');
  }
  if (problems.length > 0) throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}`);
  return { ...raw, telegramMode };
}
