import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/** Meta's webhook payload (`object: whatsapp_business_account`), only the fields Netra reads; the rest passes. */
const messageSchema = z.looseObject({
  from: z.string().min(1).max(64),
  id: z.string().min(1).max(256),
  timestamp: z.string().optional(),
  type: z.string(),
  text: z.looseObject({ body: z.string() }).optional(),
  interactive: z
    .looseObject({
      type: z.string(),
      button_reply: z.looseObject({ id: z.string(), title: z.string().optional() }).optional(),
      list_reply: z.looseObject({ id: z.string(), title: z.string().optional() }).optional(),
    })
    .optional(),
  button: z.looseObject({ text: z.string().optional(), payload: z.string().optional() }).optional(),
  reaction: z.looseObject({ message_id: z.string().optional(), emoji: z.string().optional() }).optional(),
});

const changeSchema = z.looseObject({
  field: z.string(),
  value: z.looseObject({
    metadata: z.looseObject({ phone_number_id: z.string() }).optional(),
    // Each message is checked on its own (inboundMessages), so one malformed message spoils nothing else.
    messages: z.array(z.unknown()).optional(),
    statuses: z.array(z.unknown()).optional(),
  }),
});

export const webhookSchema = z.looseObject({
  object: z.string(),
  entry: z
    .array(
      z.looseObject({
        id: z.string().optional(),
        changes: z.array(z.unknown()).default([]),
      }),
    )
    .default([]),
});

export type WebhookPayload = z.infer<typeof webhookSchema>;

/** One user message, reduced to what the conversation needs. `from` is the sender's number (wa_id). */
export type CloudInbound =
  | { kind: 'text'; id: string; from: string; text: string }
  | { kind: 'picked'; id: string; from: string; pickedId: string; title: string }
  | { kind: 'reaction'; id: string; from: string; emoji: string }
  | { kind: 'unreadable'; id: string; from: string };

/** Media and the like that a person sent on purpose: answered with a short note. */
const UNREADABLE = new Set(['image', 'audio', 'video', 'document', 'sticker', 'location', 'contacts', 'unsupported', 'unknown']);

/**
 * The user messages addressed to our phone number; statuses (sent/delivered/read) and other fields are
 * skipped. Malformed changes and messages are counted and skipped one by one, never the whole delivery.
 */
export function inboundMessages(payload: WebhookPayload, phoneNumberId: string): { messages: CloudInbound[]; malformed: number } {
  const out: CloudInbound[] = [];
  let malformed = 0;
  for (const entry of payload.entry) {
    for (const rawChange of entry.changes) {
      const parsedChange = changeSchema.safeParse(rawChange);
      if (!parsedChange.success) {
        malformed += 1;
        continue;
      }
      const change = parsedChange.data;
      if (change.field !== 'messages') continue;
      if (change.value.metadata && change.value.metadata.phone_number_id !== phoneNumberId) continue;
      for (const rawMessage of change.value.messages ?? []) {
        const parsedMessage = messageSchema.safeParse(rawMessage);
        if (!parsedMessage.success) {
          malformed += 1;
          continue;
        }
        const m = parsedMessage.data;
        const base = { id: m.id, from: m.from };
        if (m.type === 'text' && m.text) out.push({ ...base, kind: 'text', text: m.text.body });
        else if (m.type === 'interactive' && m.interactive) {
          const choice = m.interactive.button_reply ?? m.interactive.list_reply;
          if (choice) out.push({ ...base, kind: 'picked', pickedId: choice.id, title: choice.title ?? '' });
        } else if (m.type === 'button' && m.button) out.push({ ...base, kind: 'text', text: m.button.text ?? m.button.payload ?? '' });
        else if (m.type === 'reaction' && m.reaction?.emoji) out.push({ ...base, kind: 'reaction', emoji: m.reaction.emoji });
        else if (UNREADABLE.has(m.type)) out.push({ ...base, kind: 'unreadable' });
      }
    }
  }
  return { messages: out, malformed };
}

/**
 * Meta signs every delivery: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body, keyed with the app
 * secret>`. The raw bytes matter (re-serialised JSON would not match); the comparison is constant-time.
 */
export function hasValidSignature(rawBody: Uint8Array, header: string | undefined, appSecret: string): boolean {
  const presented = /^sha256=([0-9a-f]{64})$/i.exec(header?.trim() ?? '')?.[1];
  if (!presented) return false;
  const expected = createHmac('sha256', appSecret).update(rawBody).digest();
  return timingSafeEqual(Buffer.from(presented.toLowerCase(), 'hex'), expected);
}
