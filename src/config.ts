import { z } from 'zod';
import { parseTrustProxy } from './http/client-ip.js';

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalString = z.preprocess(emptyToUndefined, z.string().optional());
const port = z.coerce.number().int().min(0).max(65535);
const validTrustProxy = (value: string) => {
  try {
    parseTrustProxy(value);
    return true;
  } catch {
    return false;
  }
};

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
  /**
   * Webhook mode: send the first message of each answer in the webhook response instead of a separate
   * sendMessage call. Saves a request per message, but Telegram reports no error for it (see README).
   */
  TELEGRAM_WEBHOOK_REPLY: z.preprocess(emptyToUndefined, z.enum(['true', 'false']).default('false').transform((v) => v === 'true')),
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

  // ── Abuse limits, HTTP server limits, metrics (privacy branch) ──
  /** Which proxies may state the client address in X-Forwarded-For: unset = none, a hop count, or IPs/CIDRs. */
  TRUST_PROXY: z.preprocess(emptyToUndefined, z.string().refine(validTrustProxy, 'a hop count (e.g. 1) or comma-separated IP addresses/CIDRs').optional()),
  /** Web API requests per minute for one browser session (visitor cookie). */
  WEB_RATE_LIMIT_PER_MINUTE: z.preprocess(emptyToUndefined, z.coerce.number().int().positive().default(30)),
  /** Web API requests per minute for one client address (offices share one behind NAT). */
  WEB_RATE_LIMIT_PER_IP_PER_MINUTE: z.preprocess(emptyToUndefined, z.coerce.number().int().positive().default(300)),
  /** A request (headers and body) must arrive within this; slow clients are cut off. */
  HTTP_REQUEST_TIMEOUT_MS: z.preprocess(emptyToUndefined, z.coerce.number().int().positive().default(30_000)),
  HTTP_HEADERS_TIMEOUT_MS: z.preprocess(emptyToUndefined, z.coerce.number().int().positive().default(10_000)),
  /** Open connections at most; beyond that new ones are refused. */
  HTTP_MAX_CONNECTIONS: z.preprocess(emptyToUndefined, z.coerce.number().int().positive().default(1_000)),
  /**
   * How long a claimed but unanswered platform message stays claimed; its redelivery after that is
   * answered (the process that claimed it died mid-answer). Longer than any normal answer takes.
   */
  INBOUND_CLAIM_LEASE_MS: z.preprocess(emptyToUndefined, z.coerce.number().int().positive().default(30_000)),
  /** Bearer token for GET /metrics; unset → /metrics follows the admin access rule. */
  METRICS_TOKEN: z.preprocess(emptyToUndefined, z.string().min(16, 'must be at least 16 characters').optional()),
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
