import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.js';
import {
  createAdminApi,
  deleteWebhook,
  describeBot,
  registerCommands,
  setWebhook,
  webhookUrlFor,
} from '../channels/telegram/admin.js';
import { summarizeError } from '../channels/telegram/errors.js';

const USAGE = `Usage: npm run telegram -- <command> [--drop-pending-updates]
  set-webhook       register \${PUBLIC_BASE_URL}/webhooks/telegram with TELEGRAM_WEBHOOK_SECRET, plus the command menu
  delete-webhook    remove the webhook (needed before polling mode)
  set-commands      register only the command menu and the bot's descriptions
  info              show the bot and its webhook status
  --drop-pending-updates   discard updates Telegram is still holding (set-webhook, delete-webhook)`;

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { 'drop-pending-updates': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  const command = positionals[0];
  if (values.help || !command) {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  const config = loadConfig(process.env);
  const token = config.TELEGRAM_BOT_TOKEN;
  if (!token) {
    console.error('TELEGRAM_BOT_TOKEN belum diisi. Buat bot lewat @BotFather, lalu isi token itu di lingkungan (.env).');
    return 1;
  }
  const api = createAdminApi(token, config.TELEGRAM_API_ROOT);
  const dropPendingUpdates = values['drop-pending-updates'] === true;

  try {
    switch (command) {
      case 'set-webhook': {
        if (!config.PUBLIC_BASE_URL || !config.TELEGRAM_WEBHOOK_SECRET) {
          console.error('set-webhook memerlukan PUBLIC_BASE_URL dan TELEGRAM_WEBHOOK_SECRET.');
          return 1;
        }
        const url = webhookUrlFor(config.PUBLIC_BASE_URL);
        await setWebhook(api, { url, secretToken: config.TELEGRAM_WEBHOOK_SECRET, dropPendingUpdates });
        console.log(`Webhook terdaftar: ${url}`);
        console.log('Menu perintah dan deskripsi bot diperbarui.');
        if (dropPendingUpdates) console.log('Update yang masih menunggu dibuang.');
        return 0;
      }
      case 'delete-webhook':
        await deleteWebhook(api, { dropPendingUpdates });
        console.log('Webhook dihapus. Bot sekarang bisa dijalankan dengan TELEGRAM_MODE=polling.');
        return 0;
      case 'set-commands':
        await registerCommands(api);
        console.log('Menu perintah dan deskripsi bot diperbarui.');
        return 0;
      case 'info':
        console.log(await describeBot(api));
        return 0;
      default:
        console.error(`Unknown command "${command}".\n${USAGE}`);
        return 2;
    }
  } catch (error) {
    // Never print the raw error: a network error's message carries the request URL, which contains the token.
    const summary = summarizeError(error, token);
    console.error(`Gagal: ${summary.method ? `${summary.method} ` : ''}${summary.code ? `(${summary.code}) ` : ''}${summary.message}`);
    return 1;
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError) console.error(error.message);
    else console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
