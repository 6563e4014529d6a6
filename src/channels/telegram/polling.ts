import { run, type RunnerHandle } from '@grammyjs/runner';
import type { Bot, Transformer } from 'grammy';
import type { Logger } from '../../logger.js';
import { ALLOWED_UPDATES } from './bot.js';
import { summarizeError } from './errors.js';

/** Raised when polling cannot start; the message is safe to log and tells the operator what to do. */
export class TelegramStartError extends Error {
  override name = 'TelegramStartError';
}

/**
 * Long polling with @grammyjs/runner, for development. Telegram refuses getUpdates while a webhook is
 * registered; rather than silently deleting a webhook production may depend on, start-up fails and says how.
 */
export async function startPolling(bot: Bot, log: Logger, token: string): Promise<RunnerHandle> {
  const webhook = await bot.api.getWebhookInfo();
  if (webhook.url) {
    throw new TelegramStartError(
      'TELEGRAM_MODE=polling, but this bot has a webhook registered. Run `npm run telegram -- delete-webhook` first ' +
        '(or use webhook mode).',
    );
  }
  bot.api.config.use(logPollingFailures(log, token));
  const handle = run(bot, {
    runner: { fetch: { allowed_updates: [...ALLOWED_UPDATES], timeout: 30 }, silent: true, retryInterval: 'exponential' },
  });
  handle.task()?.catch((error: unknown) => {
    log.error({ error: summarizeError(error, token) }, 'telegram polling stopped after an unrecoverable error');
  });
  log.info('telegram long polling started');
  return handle;
}

/** The runner retries getUpdates on its own; this makes each failure a log line instead of console output. */
function logPollingFailures(log: Logger, token: string): Transformer {
  return async (prev, method, payload, signal) => {
    try {
      const result = await prev(method, payload, signal);
      if (method === 'getUpdates' && !result.ok) {
        log.warn({ code: result.error_code, description: result.description }, 'telegram getUpdates failed; retrying');
      }
      return result;
    } catch (error) {
      if (method === 'getUpdates' && !signal?.aborted) {
        log.warn({ error: summarizeError(error, token) }, 'telegram getUpdates failed; retrying');
      }
      throw error;
    }
  };
}
