import { Api } from 'grammy';
import type { WebhookInfo } from 'grammy/types';
import { ALLOWED_UPDATES } from './bot.js';
import { BOT_COMMANDS } from './texts.js';
import { WEBHOOK_PATH } from './webhook.js';

/** Deploy-time Bot API calls (`npm run telegram -- …`): registering the webhook and the bot's profile texts. */

/** Shown on the empty chat screen ("What can this bot do?"), at most 512 characters. */
export const BOT_DESCRIPTION =
  'Netra menjawab pertanyaan ASN (PNS dan PPPK) tentang netralitas dalam Pemilu dan Pilkada: boleh atau tidak, ' +
  'lengkap dengan dasar hukumnya. Tulis pertanyaan dengan bahasa sehari-hari, misalnya "boleh gak PNS like postingan calon?". ' +
  'Jawaban bersifat informasi umum, bukan nasihat hukum resmi.';
/** Shown on the bot's profile and in shared links, at most 120 characters. */
export const BOT_SHORT_DESCRIPTION = 'Tanya-jawab netralitas ASN dalam Pemilu dan Pilkada, lengkap dengan dasar hukumnya.';

export function createAdminApi(token: string, apiRoot: string): Api {
  return new Api(token, { apiRoot });
}

/** The webhook URL for a public base URL: `https://netra.example.go.id` → `…/webhooks/telegram`. */
export function webhookUrlFor(publicBaseUrl: string): string {
  const url = new URL(publicBaseUrl);
  if (url.protocol !== 'https:') throw new Error('PUBLIC_BASE_URL harus memakai https:// (Telegram hanya mengirim webhook lewat HTTPS).');
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}${WEBHOOK_PATH}`;
}

export async function registerCommands(api: Api): Promise<void> {
  await api.setMyCommands(BOT_COMMANDS);
  await api.setMyDescription(BOT_DESCRIPTION);
  await api.setMyShortDescription(BOT_SHORT_DESCRIPTION);
}

export async function setWebhook(
  api: Api,
  options: { url: string; secretToken: string; dropPendingUpdates: boolean },
): Promise<void> {
  await api.setWebhook(options.url, {
    secret_token: options.secretToken,
    allowed_updates: [...ALLOWED_UPDATES],
    drop_pending_updates: options.dropPendingUpdates,
  });
  await registerCommands(api);
}

export async function deleteWebhook(api: Api, options: { dropPendingUpdates: boolean }): Promise<void> {
  await api.deleteWebhook({ drop_pending_updates: options.dropPendingUpdates });
}

/** A readable (Indonesian) summary of the bot and its webhook; contains no secret. */
export async function describeBot(api: Api): Promise<string> {
  const me = await api.getMe();
  const info = await api.getWebhookInfo();
  const lines = [`Bot: @${me.username} (${me.first_name})`, `Mode privasi grup: ${me.can_read_all_group_messages ? 'mati (bot menerima semua pesan grup)' : 'aktif (bot hanya menerima perintah, sebutan, dan balasan)'}`];
  lines.push(...describeWebhook(info));
  return lines.join('\n');
}

function describeWebhook(info: WebhookInfo): string[] {
  if (!info.url) return ['Webhook: tidak terdaftar (mode polling bisa dipakai).', `Update menunggu: ${info.pending_update_count}`];
  const lines = [
    `Webhook: ${info.url}`,
    `Update menunggu: ${info.pending_update_count}`,
    `Jenis update: ${info.allowed_updates?.join(', ') ?? 'semua (bawaan Telegram)'}`,
  ];
  if (info.max_connections !== undefined) lines.push(`Koneksi maksimum: ${info.max_connections}`);
  if (info.last_error_date) {
    lines.push(`Galat terakhir: ${new Date(info.last_error_date * 1000).toISOString()} — ${info.last_error_message ?? '(tanpa pesan)'}`);
  } else {
    lines.push('Galat terakhir: tidak ada');
  }
  return lines;
}
