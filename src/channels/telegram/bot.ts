import { autoRetry } from '@grammyjs/auto-retry';
import { sequentialize } from '@grammyjs/runner';
import { Bot, type Context } from 'grammy';
import type { Update } from 'grammy/types';
import type { Core } from '../../core/handle.js';
import { pseudonymousUserKey } from '../../core/pseudonym.js';
import type { Incoming } from '../../core/types.js';
import type { KnowledgeSnapshot } from '../../kb/snapshot.js';
import type { Logger } from '../../logger.js';
import type { ClaimResult, InboundClaims } from '../inbound-claims.js';
import { parseCallbackData, resolveRef } from './callback-data.js';
import { claimUpdate, updateAnswered } from './dedupe.js';
import { isForbidden, isNotModified, summarizeError } from './errors.js';
import { retryNetworkErrors } from './network-retry.js';
import { createRateLimiter, type RateLimiter } from './rate-limit.js';
import { renderNotice, renderReply, withoutFeedbackButtons, type TelegramMessage } from './render.js';
import { TELEGRAM_TEXTS } from './texts.js';
import { chatTypeOf, routeMessage } from './updates.js';

/** The update types Netra handles; everything else is not even delivered (setWebhook / getUpdates). */
export const ALLOWED_UPDATES = ['message', 'edited_message', 'callback_query'] as const;

export interface TelegramBotDeps {
  token: string;
  apiRoot: string;
  core: Core;
  claims: InboundClaims;
  knowledge: () => KnowledgeSnapshot;
  userKeySecret: string;
  log: Logger;
  rateLimiter?: RateLimiter;
  /** Long polling handles updates concurrently; this keeps each chat's updates in order, as webhooks do. */
  sequentialPerChat?: boolean;
  /**
   * Longest Telegram-requested wait (429 retry_after) auto-retry will sit out. In webhook mode it must stay
   * well under grammY's 10-second webhook timeout; a longer wait fails the send, which is logged.
   */
  maxRetryDelaySeconds?: number;
  /** Webhook mode: the first sendMessage of an update goes back in the webhook response (no delivery error is reported). */
  webhookReply?: boolean;
  /**
   * Webhook mode: an update claimed moments ago and not answered yet throws `UpdateBusyError` (answered
   * 503, so Telegram redelivers it later). Without it (long polling, which never redelivers) it is a duplicate.
   */
  refuseBusy?: boolean;
}

/** Thrown for a request body that is JSON but not a Telegram update; the webhook turns it into a 400. */
export class InvalidUpdateError extends Error {
  override name = 'InvalidUpdateError';
}

/**
 * The update is claimed, moments ago, by a handler that has not answered it yet (here, on another replica,
 * or in a process that just died). Thrown past the error boundary; the webhook answers it 503.
 */
export class UpdateBusyError extends Error {
  override name = 'UpdateBusyError';
  constructor(readonly updateId: number) {
    super(`telegram update ${updateId} is being answered elsewhere`);
  }
}

export function isTelegramUpdate(value: unknown): value is Update {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Number.isSafeInteger((value as Update).update_id);
}

/** The grammY bot: translate each update, ask the core, render the reply. No conversation logic here. */
export function buildTelegramBot(deps: TelegramBotDeps): Bot {
  const { core, log } = deps;
  const limiter = deps.rateLimiter ?? createRateLimiter();
  const bot = new Bot(deps.token, {
    client: { apiRoot: deps.apiRoot, ...(deps.webhookReply ? { canUseWebhookReply: (method: string) => method === 'sendMessage' } : {}) },
  });
  // 429 and 5xx: auto-retry; network failures: a bounded retry of our own around it.
  bot.api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: deps.maxRetryDelaySeconds ?? 5, rethrowHttpErrors: true }));
  bot.api.config.use(retryNetworkErrors());

  bot.use((ctx, next) => {
    if (!isTelegramUpdate(ctx.update)) throw new InvalidUpdateError('request body is not a Telegram update');
    return next();
  });
  if (deps.sequentialPerChat) bot.use(sequentialize((ctx: Context) => ctx.chatId?.toString()));

  // Outside the error boundary: a busy update must reach the webhook as an error (a 503), while the
  // boundary below swallows the handlers' own failures, so `answered` still follows every handled update.
  bot.use(async (ctx, next) => {
    const updateId = ctx.update.update_id;
    let claim: ClaimResult = 'won';
    try {
      claim = await claimUpdate(deps.claims, ctx.me.id, updateId);
    } catch (error) {
      // Better a rare double answer than silence while the database is away.
      log.warn({ updateId, error: summarizeError(error) }, 'could not record the telegram update id; handling it anyway');
    }
    if (claim === 'busy' && deps.refuseBusy) throw new UpdateBusyError(updateId);
    if (claim !== 'won') {
      log.info({ updateId, busy: claim === 'busy' }, 'duplicate telegram update ignored');
      return;
    }
    try {
      await next();
    } finally {
      // After the reply was sent (or written into the webhook response); also after a failure, which is
      // acknowledged too: only a process that died before this point leaves the update to a redelivery.
      updateAnswered(deps.claims, ctx.me.id, updateId);
    }
  });

  // Errors stop here in both modes: in webhook mode bot.catch never sees them (STACK-NOTES §3.4).
  const safe = bot.errorBoundary((error) => {
    const updateId = error.ctx.update.update_id;
    if (isForbidden(error)) {
      log.info({ updateId, error: summarizeError(error, deps.token) }, 'telegram reply dropped: the bot was blocked or removed from the chat');
    } else {
      log.error({ updateId, error: summarizeError(error, deps.token) }, 'telegram update failed; logged and dropped');
    }
  });

  safe.on('message', async (ctx) => {
    const route = routeMessage(ctx.message, ctx.me, deps.userKeySecret);
    if (route.kind === 'ignore') {
      log.debug({ updateId: ctx.update.update_id, reason: route.reason }, 'telegram message ignored');
      return;
    }
    if (route.kind === 'note') {
      if (await withinRateLimit(ctx, route.userKey)) await send(ctx, renderNotice(route.text));
      return;
    }
    if (!(await withinRateLimit(ctx, route.incoming.userKey))) return;
    const reply = core.handle(route.incoming);
    const replyTo = route.incoming.chatType === 'group' ? ctx.message.message_id : undefined;
    await send(ctx, renderReply(reply), replyTo);
  });

  safe.on('edited_message', async (ctx) => {
    const from = ctx.editedMessage.from;
    if (ctx.editedMessage.chat.type !== 'private' || !from || from.is_bot) return;
    if (await withinRateLimit(ctx, userKeyOf(from.id))) await send(ctx, renderNotice(TELEGRAM_TEXTS.editedMessage));
  });

  safe.on('callback_query', async (ctx) => {
    const query = ctx.callbackQuery;
    const action = query.data === undefined ? null : parseCallbackData(query.data);
    if (!action || !query.message) {
      await ctx.answerCallbackQuery({ text: TELEGRAM_TEXTS.staleButton });
      return;
    }
    const userKey = userKeyOf(query.from.id);
    const decision = limiter.check(userKey);
    if (decision !== 'allow') {
      await ctx.answerCallbackQuery({ text: TELEGRAM_TEXTS.rateLimitedButton, show_alert: decision === 'notify' });
      return;
    }
    const kb = deps.knowledge();
    const base: Pick<Incoming, 'channel' | 'userKey' | 'chatType'> = {
      channel: 'telegram',
      userKey,
      chatType: chatTypeOf(query.message.chat.type) ?? 'private',
    };

    switch (action.kind) {
      case 'feedback': {
        const entryId = action.entryRef ? (resolveRef(action.entryRef, kb.entries.keys()) ?? null) : null;
        if (!core.feedback({ queryId: action.queryId, channel: 'telegram', userKey, rating: action.rating, entryId, tag: action.tag })) {
          log.info({ userKey }, 'telegram: feedback refused, not the asker');
          await ctx.answerCallbackQuery({ text: TELEGRAM_TEXTS.feedbackNotAsker });
          return;
        }
        await ctx.answerCallbackQuery({ text: TELEGRAM_TEXTS.feedbackThanks });
        await removeFeedbackButtons(ctx);
        return;
      }
      case 'entry': {
        await ctx.answerCallbackQuery();
        const entryId = resolveRef(action.ref, kb.entries.keys()) ?? action.ref;
        await send(ctx, renderReply(core.handle({ ...base, text: '', entryId })));
        return;
      }
      case 'category': {
        await ctx.answerCallbackQuery();
        const categoryId = action.ref ? (resolveRef(action.ref, kb.categories.map((c) => c.id)) ?? action.ref) : '';
        await send(ctx, renderReply(core.handle({ ...base, command: 'topik', text: categoryId })));
        return;
      }
    }
  });

  safe.use((ctx) => {
    log.debug({ updateId: ctx.update.update_id, type: Object.keys(ctx.update).find((k) => k !== 'update_id') }, 'telegram update ignored');
  });

  // Backstop for long polling; the boundary above already handles everything it can.
  bot.catch((error) => log.error({ error: summarizeError(error, deps.token) }, 'telegram update failed outside the error boundary'));

  return bot;

  function userKeyOf(telegramUserId: number): string {
    return pseudonymousUserKey(deps.userKeySecret, 'telegram', telegramUserId);
  }

  /** Applies the per-user budget; the first message over it gets one polite notice. */
  async function withinRateLimit(ctx: Context, userKey: string): Promise<boolean> {
    const decision = limiter.check(userKey);
    if (decision === 'notify') {
      log.info({ updateId: ctx.update.update_id }, 'telegram user over the rate limit; notice sent');
      await send(ctx, renderNotice(TELEGRAM_TEXTS.rateLimited));
    }
    return decision === 'allow';
  }
}

/** Sends rendered messages in order; in groups the first one replies to the message it answers. */
async function send(ctx: Context, messages: TelegramMessage[], replyTo?: number): Promise<void> {
  for (const [index, message] of messages.entries()) {
    await ctx.reply(message.html, {
      parse_mode: 'HTML',
      // Source links would otherwise expand into large previews under every answer.
      link_preview_options: { is_disabled: true },
      ...(message.keyboard ? { reply_markup: { inline_keyboard: message.keyboard } } : {}),
      ...(index === 0 && replyTo !== undefined ? { reply_parameters: { message_id: replyTo, allow_sending_without_reply: true } } : {}),
    });
  }
}

/** After a 👍/👎 press the rating row goes away (one rating per answer), related topics stay. */
async function removeFeedbackButtons(ctx: Context): Promise<void> {
  const message = ctx.callbackQuery?.message;
  if (!message || message.date === 0 || !('reply_markup' in message)) return;
  const remaining = withoutFeedbackButtons(message.reply_markup?.inline_keyboard ?? []);
  try {
    await ctx.editMessageReplyMarkup({ reply_markup: { inline_keyboard: remaining } });
  } catch (error) {
    if (!isNotModified(error)) throw error;
  }
}
