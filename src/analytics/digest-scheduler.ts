/**
 * Sends the weekly digest to the configured Telegram chats, exactly once per ISO week and chat across
 * replicas: each replica checks every few minutes whether a week's digest is due, and claims a
 * (week, chat) row before sending; only the replica whose insert succeeded sends. A failed send
 * deletes its claim, so the next check (on any replica) tries again.
 */
import { and, eq } from 'drizzle-orm';
import { Api } from 'grammy';
import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import { reportDigestSent } from '../db/schema.js';
import type { Logger } from '../logger.js';
import { dashboardReport } from './dashboard.js';
import { describeDbError } from './db-errors.js';
import { digestText, dueDigestWeek, type DigestWeek } from './digest.js';
import { parseReportRequest } from './report-request.js';

export interface DigestDeps {
  db: Db;
  /** grammY's Bot API client (the same bot token and API root as the Telegram channel). */
  api: Pick<Api, 'sendMessage'>;
  chatIds: string[];
  /** PUBLIC_BASE_URL, for the link to the reports page; no link without it. */
  publicBaseUrl?: string;
  log: Logger;
  now?: () => Date;
  /** How often to check whether a digest is due. */
  intervalMs?: number;
}

/** The reports page for the week's period, as an absolute URL. */
export function digestPageUrl(baseUrl: string | undefined, week: DigestWeek): string | null {
  if (!baseUrl) return null;
  return new URL(`/admin/reports?from=${week.firstDay}&to=${week.lastDay}`, baseUrl).toString();
}

/** The digest message for a week (also what the CLI's dry run prints). */
export async function buildDigest(db: Db, week: DigestWeek, publicBaseUrl?: string): Promise<string> {
  const parsed = parseReportRequest({ from: week.firstDay, to: week.lastDay });
  if (!parsed.ok) throw new Error(parsed.message);
  const dashboard = await dashboardReport(db, parsed.value.filter, { topTopics: 5, maxGroups: 3 });
  return digestText(dashboard, digestPageUrl(publicBaseUrl, week));
}

/** One check: sends the due week's digest to every chat no replica has claimed yet. Returns the chats sent to. */
export async function sendDueDigests(deps: DigestDeps): Promise<string[]> {
  const week = dueDigestWeek((deps.now ?? (() => new Date()))());
  if (!week) return [];
  let text: string | undefined;
  const sent: string[] = [];
  for (const chatId of deps.chatIds) {
    const claimed = await deps.db.insert(reportDigestSent).values({ week: week.key, chatId }).onConflictDoNothing().returning({ week: reportDigestSent.week });
    if (claimed.length === 0) continue;
    try {
      text ??= await buildDigest(deps.db, week, deps.publicBaseUrl);
      await deps.api.sendMessage(chatId, text, { link_preview_options: { is_disabled: true } });
      sent.push(chatId);
      deps.log.info({ week: week.key, chatId }, 'weekly report digest sent');
    } catch (error) {
      await deps.db.delete(reportDigestSent).where(and(eq(reportDigestSent.week, week.key), eq(reportDigestSent.chatId, chatId)));
      deps.log.error({ week: week.key, chatId, err: describeDbError(error) }, 'weekly report digest not sent; will retry');
    }
  }
  return sent;
}

/** Checks at start and then every `intervalMs` (10 minutes by default); returns the stop function. */
export function startDigestScheduler(deps: DigestDeps): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  const check = () => {
    running = running.then(() =>
      sendDueDigests(deps).catch((error: unknown) => deps.log.error({ err: describeDbError(error) }, 'weekly report digest check failed')),
    );
  };
  check();
  const timer = setInterval(check, deps.intervalMs ?? 10 * 60_000);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}

/** The scheduler as the server runs it: only when chats and a bot token are configured. */
export function startConfiguredDigest(config: Config, db: Db, log: Logger): (() => Promise<void>) | undefined {
  if (config.REPORT_DIGEST_TELEGRAM_CHATS.length === 0 || !config.TELEGRAM_BOT_TOKEN) return undefined;
  return startDigestScheduler({
    db,
    api: new Api(config.TELEGRAM_BOT_TOKEN, { apiRoot: config.TELEGRAM_API_ROOT }),
    chatIds: config.REPORT_DIGEST_TELEGRAM_CHATS,
    ...(config.PUBLIC_BASE_URL ? { publicBaseUrl: config.PUBLIC_BASE_URL } : {}),
    log,
  });
}
