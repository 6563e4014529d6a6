import type { RunnerHandle } from '@grammyjs/runner';
import { inboundClaimsOf, type ChannelDeps } from '../index.js';
import type { ChannelRuntime } from '../types.js';
import { buildTelegramBot } from './bot.js';
import { summarizeError } from './errors.js';
import { startPolling, TelegramStartError } from './polling.js';
import type { RateLimiter } from './rate-limit.js';
import { telegramWebhookRoute } from './webhook.js';

export interface TelegramChannelOptions {
  /** Tests share one limiter or use a small budget; by default each channel has its own 20/minute limiter. */
  rateLimiter?: RateLimiter;
}

/**
 * The Telegram channel. Webhook mode mounts `POST /webhooks/telegram` and only initialises the bot on
 * start (registering the webhook is a deploy step: `npm run telegram -- set-webhook`); polling mode
 * runs @grammyjs/runner between start() and stop().
 */
export function createTelegramChannel(deps: ChannelDeps, options: TelegramChannelOptions = {}): ChannelRuntime {
  const { config } = deps;
  const token = config.TELEGRAM_BOT_TOKEN;
  const mode = config.telegramMode;
  if (!token || mode === 'off') throw new Error('the Telegram channel needs TELEGRAM_BOT_TOKEN');
  const log = deps.log.child({ channel: 'telegram' });

  const bot = buildTelegramBot({
    token,
    apiRoot: config.TELEGRAM_API_ROOT,
    core: deps.core,
    claims: inboundClaimsOf(deps),
    knowledge: deps.knowledge,
    userKeySecret: deps.userKeySecret,
    log,
    ...(options.rateLimiter ? { rateLimiter: options.rateLimiter } : {}),
    sequentialPerChat: mode === 'polling',
    // A webhook request must finish in seconds; a polling worker can afford to wait out a longer flood limit.
    maxRetryDelaySeconds: mode === 'webhook' ? 5 : 60,
    webhookReply: mode === 'webhook' && config.TELEGRAM_WEBHOOK_REPLY,
    // Only a webhook gets a busy update again (after a 503); long polling has confirmed it already.
    refuseBusy: mode === 'webhook',
  });

  let secretToken: string | undefined;
  if (mode === 'webhook') {
    secretToken = config.TELEGRAM_WEBHOOK_SECRET;
    if (!secretToken) throw new Error('TELEGRAM_WEBHOOK_SECRET is required in webhook mode');
  }

  let runner: RunnerHandle | undefined;

  return {
    name: 'telegram',
    ...(secretToken ? { routes: telegramWebhookRoute({ bot, secretToken, log, token }) } : {}),
    readiness: {
      name: 'telegram',
      check: async () => ({
        ok: bot.isInited() && (mode === 'webhook' || runner?.isRunning() === true),
        detail: { mode },
      }),
    },

    async start() {
      try {
        // getMe now, not on the first webhook request (STACK-NOTES §3.7); a bad token fails start-up.
        await bot.init();
      } catch (error) {
        throw new TelegramStartError(`Telegram getMe failed: ${summarizeError(error, token).message}`);
      }
      log.info({ mode, bot: bot.botInfo.username }, 'telegram bot initialised');
      if (mode === 'polling') runner = await startPolling(bot, log, token);
    },

    async stop() {
      const running = runner;
      runner = undefined;
      await running?.stop();
    },
  };
}
