import { BotError, webhookCallback, type Bot } from 'grammy';
import type { Context, Hono } from 'hono';
import { BodyTooLargeError, readBodyText } from '../../http/node-body.js';
import type { Logger } from '../../logger.js';
import type { RouteModule } from '../../server.js';
import { BUSY_RETRY_AFTER_SECONDS } from '../inbound-claims.js';
import { isTelegramUpdate, UpdateBusyError } from './bot.js';
import { honoWebhookAdapter } from './hono-adapter.js';
import { summarizeError } from './errors.js';

export const WEBHOOK_PATH = '/webhooks/telegram';

/** Telegram updates are a few KiB; 1 MiB leaves room for the largest and stops abuse (STACK-NOTES §3.20). */
const MAX_UPDATE_BYTES = 1024 * 1024;
/** Below grammY's and Telegram's patience: past it the request is answered and the update finishes in the background. */
const WEBHOOK_TIMEOUT_MS = 8_000;

export interface WebhookDeps {
  bot: Bot;
  secretToken: string;
  log: Logger;
  token: string;
}

/**
 * `POST /webhooks/telegram`: grammY's webhook handler through our Hono adapter. grammY checks the
 * secret (401 when missing or wrong) before the body is read; a body over 1 MiB gets a 413. Whatever
 * fails after that is logged and answered 200, so Telegram does not redeliver an update we already
 * decided to drop; a body that is not an update at all gets a 400. An update claimed moments ago and not
 * answered yet (busy) gets a 503 with Retry-After: Telegram redelivers it, and the redelivery finds it
 * answered (a duplicate) or its claim stale (its process died; taken over and answered).
 */
export function telegramWebhookRoute(deps: WebhookDeps): RouteModule {
  const { log } = deps;
  const handleUpdate = webhookCallback(deps.bot, honoWebhookAdapter, {
    secretToken: deps.secretToken,
    timeoutMilliseconds: WEBHOOK_TIMEOUT_MS,
    onTimeout: () => log.warn('telegram update took too long; answered the webhook, handling continues'),
  });

  return (app: Hono) => {
    app.post(WEBHOOK_PATH, async (c) => {
      let parsed: Promise<unknown> | undefined;
      // Read once, when grammY asks (after the secret check), and again for the error answer below.
      const readUpdate = () => (parsed ??= readBodyText(c, MAX_UPDATE_BYTES).then((text) => JSON.parse(text) as unknown));
      try {
        const response = await handleUpdate(c, readUpdate);
        if (response.status === 401) log.warn({ path: c.req.path }, 'telegram webhook request with a missing or wrong secret token');
        return response;
      } catch (error) {
        if (error instanceof BodyTooLargeError) {
          log.warn({ path: c.req.path }, 'telegram webhook body too large');
          // The rest of the body stays unread, so this connection cannot carry another request.
          c.header('Connection', 'close');
          return c.json({ error: 'payload_too_large', message: 'Isi permintaan terlalu besar.' }, 413);
        }
        const busy = error instanceof BotError ? error.error : error;
        if (busy instanceof UpdateBusyError) {
          log.info({ updateId: busy.updateId }, 'telegram update claimed moments ago and not answered yet; answered 503 for Telegram to redeliver');
          c.header('Retry-After', String(BUSY_RETRY_AFTER_SECONDS));
          return c.json({ error: 'busy', message: 'Pesan ini sedang diproses. Silakan kirim ulang sebentar lagi.' }, 503);
        }
        return answerFailure(c, error, readUpdate);
      }
    });
  };

  async function answerFailure(c: Context, error: unknown, readUpdate: () => Promise<unknown>): Promise<Response> {
    const body: unknown = await readUpdate().catch(() => undefined);
    if (!isTelegramUpdate(body)) {
      log.warn({ path: c.req.path }, 'telegram webhook body is not a Telegram update');
      return c.json({ error: 'invalid_update', message: 'Isi permintaan bukan update Telegram yang valid.' }, 400);
    }
    log.error({ updateId: body.update_id, error: summarizeError(error, deps.token) }, 'telegram webhook failed; answered 200 so Telegram does not redeliver');
    return c.body(null, 200);
  }
}
