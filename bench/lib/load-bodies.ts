import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** The three inbound shapes the load bench sends, each built fresh per request from a dev question. */
export type Target = 'telegram' | 'whatsapp' | 'ask';

export const BENCH = {
  botToken: '7000001234:AAFakeTokenForTheLoadBench',
  webhookSecret: 'load-bench-webhook-secret',
  appSecret: 'load-bench-meta-app-secret-0123',
  verifyToken: 'load-bench-verify-token',
  cloudToken: 'EAAGloadbenchaccesstoken',
  phoneNumberId: '106540352242922',
  userKeySecret: 'load-bench-user-key-secret-0123456789',
} as const;

export const PATHS: Record<Target, string> = { telegram: '/webhooks/telegram', whatsapp: '/webhooks/whatsapp', ask: '/api/ask' };

export function devQuestions(): string[] {
  return readFileSync(new URL('../../test/fixtures/dev.jsonl', import.meta.url), 'utf8')
    .trim()
    .split('\n')
    .map((line) => (JSON.parse(line) as { text: string }).text);
}

/**
 * Request `n` of a run: a different dev question each time, a fresh platform message id (so dedup
 * never short-cuts it) and a sender from a large pool (as many people ask, so no per-user limit bites).
 */
export function requestFor(target: Target, n: number, questions: string[], runSalt: number): { body: string; headers: Record<string, string> } {
  const text = questions[n % questions.length]!;
  const sender = 100_000_000 + ((n * 7_919) % 5_000_000);
  const json = { 'content-type': 'application/json' };
  switch (target) {
    case 'telegram': {
      const update = {
        update_id: runSalt * 10_000_000 + n,
        message: { message_id: n + 1, date: Math.floor(Date.now() / 1000), chat: { id: sender, type: 'private', first_name: 'Sari' }, from: { id: sender, is_bot: false, first_name: 'Sari', language_code: 'id' }, text },
      };
      return { body: JSON.stringify(update), headers: { ...json, 'x-telegram-bot-api-secret-token': BENCH.webhookSecret } };
    }
    case 'whatsapp': {
      const from = `628${sender}`;
      const body = JSON.stringify({
        object: 'whatsapp_business_account',
        entry: [
          {
            id: '102290129340398',
            changes: [
              {
                field: 'messages',
                value: {
                  messaging_product: 'whatsapp',
                  metadata: { display_phone_number: '15550783881', phone_number_id: BENCH.phoneNumberId },
                  contacts: [{ profile: { name: 'Budi' }, wa_id: from }],
                  messages: [{ from, id: `wamid.BENCH${runSalt}x${n}`, timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: text } }],
                },
              },
            ],
          },
        ],
      });
      const signature = `sha256=${createHmac('sha256', BENCH.appSecret).update(body).digest('hex')}`;
      return { body, headers: { ...json, 'x-hub-signature-256': signature } };
    }
    case 'ask':
      return { body: JSON.stringify({ text }), headers: json };
  }
}
