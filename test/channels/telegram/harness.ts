import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { createQueryLogWriter, type QueryLogWriter } from '../../../src/analytics/writer.js';
import { createTelegramChannel } from '../../../src/channels/telegram/index.js';
import type { RateLimiter } from '../../../src/channels/telegram/rate-limit.js';
import type { ChannelRuntime } from '../../../src/channels/types.js';
import { loadConfig } from '../../../src/config.js';
import { createCore, type Core } from '../../../src/core/handle.js';
import type { Database } from '../../../src/db/client.js';
import type { KnowledgeSnapshot } from '../../../src/kb/snapshot.js';
import type { KnowledgeEntry } from '../../../src/kb/types.js';
import { createApp } from '../../../src/server.js';
import { loadKnowledgeDir } from '../../../src/kb/load.js';
import { knowledgeSources } from '../../../src/kb/service.js';
import { KNOWLEDGE_DIR } from '../../helpers/knowledge.js';
import { memoryLogger } from '../../helpers/logger.js';
import { FakeBotApi } from './fake-bot-api.js';

export const BOT_TOKEN = '7000001234:AAH-test-token-never-logged_0123456789';
export const WEBHOOK_SECRET = 'netra_webhook_secret_for_tests';
export const USER_KEY_SECRET = 'telegram-test-user-key-secret-0123';

export interface TelegramHarness {
  fake: FakeBotApi;
  app: Hono;
  channel: ChannelRuntime;
  core: Core;
  writer: QueryLogWriter;
  logs: ReturnType<typeof memoryLogger>;
  /** Sends one update to the webhook route the way Telegram does (JSON body, secret header). */
  post(update: unknown, secret?: string | null): Promise<Response>;
  stop(): Promise<void>;
}

export interface HarnessOptions {
  database: Database;
  knowledge: KnowledgeSnapshot;
  mode?: 'webhook' | 'polling';
  rateLimiter?: RateLimiter;
  /** Several bot instances (replicas) can share one fake Telegram. */
  fake?: FakeBotApi;
  /** Further configuration, e.g. a short INBOUND_CLAIM_LEASE_MS. */
  env?: Record<string, string>;
}

/** The real channel (real grammY bot, real Hono route, real core and query-log writer) against a fake Bot API on loopback. */
export async function startTelegramHarness(options: HarnessOptions): Promise<TelegramHarness> {
  const ownFake = options.fake === undefined;
  const fake = options.fake ?? (await new FakeBotApi().start());
  const logs = memoryLogger();
  const spoolDir = mkdtempSync(join(tmpdir(), 'netra-telegram-spool-'));
  const mode = options.mode ?? 'webhook';
  const config = loadConfig({
    TELEGRAM_BOT_TOKEN: BOT_TOKEN,
    TELEGRAM_MODE: mode,
    TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET,
    TELEGRAM_API_ROOT: fake.url,
    USER_KEY_SECRET: USER_KEY_SECRET,
    LOG_LEVEL: 'debug',
    ...options.env,
  });
  const writer = createQueryLogWriter({ db: options.database.db, spoolDir, log: logs.log });
  writer.start();
  const core = createCore({ knowledge: () => options.knowledge, log: writer });
  const channel = createTelegramChannel(
    { config, core, database: options.database, knowledge: () => options.knowledge, userKeySecret: USER_KEY_SECRET, log: logs.log },
    options.rateLimiter ? { rateLimiter: options.rateLimiter } : {},
  );
  const app = createApp({ log: logs.log, readiness: channel.readiness ? [channel.readiness] : [], routes: channel.routes ? [channel.routes] : [] });
  try {
    await channel.start();
  } catch (error) {
    await writer.stop();
    if (ownFake) await fake.stop();
    rmSync(spoolDir, { recursive: true, force: true });
    throw error;
  }

  return {
    fake,
    app,
    channel,
    core,
    writer,
    logs,
    post: async (update, secret = WEBHOOK_SECRET) =>
      app.request('/webhooks/telegram', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(secret === null ? {} : { 'x-telegram-bot-api-secret-token': secret }),
        },
        body: typeof update === 'string' ? update : JSON.stringify(update),
      }),
    stop: async () => {
      await channel.stop();
      await writer.stop();
      if (ownFake) await fake.stop();
      rmSync(spoolDir, { recursive: true, force: true });
    },
  };
}

/** The inline keyboard of a recorded sendMessage call, flattened to [text, callback_data] pairs. */
export function buttonsOf(payload: Record<string, unknown>): { text: string; data: string }[] {
  const markup = payload.reply_markup as { inline_keyboard?: { text: string; callback_data?: string }[][] } | undefined;
  return (markup?.inline_keyboard ?? []).flat().map((b) => ({ text: b.text, data: b.callback_data ?? '' }));
}

/**
 * The real knowledge base with some entries' fields replaced, rebuilt (matcher included) the way the
 * server builds it, to exercise escaping and splitting on real data.
 */
export async function patchedKnowledgeSnapshot(patches: Record<string, Partial<Pick<KnowledgeEntry, 'answer' | 'title'>>>): Promise<KnowledgeSnapshot> {
  const loaded = await loadKnowledgeDir(KNOWLEDGE_DIR);
  const sources = await knowledgeSources(KNOWLEDGE_DIR, loaded.texts);
  const entries = loaded.entries.map((entry) => ({ ...entry, ...patches[entry.id] }));
  for (const id of Object.keys(patches)) if (!entries.some((e) => e.id === id)) throw new Error(`no entry ${id}`);
  return sources.snapshotFrom(entries);
}
