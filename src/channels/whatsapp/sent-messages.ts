import { proto, type WAMessageKey } from '@whiskeysockets/baileys';
import { and, eq, lt } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { whatsappSentMessages } from '../../db/schema.js';
import { deserialize, serialize } from './auth-store.js';

/** Retry requests for our messages come within minutes to days; after that a resend is pointless. */
const KEEP_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * The messages Netra sent over Baileys, keyed by message id, so `getMessage` can answer WhatsApp's retry
 * requests ("waiting for this message…" on the user's phone). Only our own reply content is stored, no JIDs.
 */
export interface SentMessageStore {
  store(messageId: string, message: proto.IMessage): Promise<void>;
  /** Baileys' `getMessage`: the content we sent under this key, if we still have it. */
  get(key: WAMessageKey): Promise<proto.IMessage | undefined>;
  prune(): Promise<void>;
}

/**
 * A quoted reply's `contextInfo` names the quoted sender's JID (a phone number), which must not be stored.
 * A retry then resends the same text without the quote.
 */
function withoutContextInfo(message: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [type, part] of Object.entries(message)) {
    if (part && typeof part === 'object' && !Buffer.isBuffer(part) && 'contextInfo' in part) {
      const { contextInfo: _dropped, ...rest } = part as Record<string, unknown>;
      out[type] = rest;
    } else {
      out[type] = part;
    }
  }
  return out;
}

export function createSentMessageStore(db: Db, session: string, now: () => Date = () => new Date()): SentMessageStore {
  return {
    async store(messageId, message) {
      const plain = proto.Message.toObject(proto.Message.fromObject(message), { bytes: Buffer, longs: Number, defaults: false }) as Record<string, unknown>;
      const value = serialize(withoutContextInfo(plain));
      await db.insert(whatsappSentMessages).values({ session, messageId, message: value }).onConflictDoNothing();
    },
    async get(key) {
      if (!key.id) return undefined;
      const rows = await db
        .select({ message: whatsappSentMessages.message })
        .from(whatsappSentMessages)
        .where(and(eq(whatsappSentMessages.session, session), eq(whatsappSentMessages.messageId, key.id)))
        .limit(1);
      const row = rows[0];
      return row ? proto.Message.fromObject(deserialize<object>(row.message)) : undefined;
    },
    async prune() {
      await db
        .delete(whatsappSentMessages)
        .where(and(eq(whatsappSentMessages.session, session), lt(whatsappSentMessages.createdAt, new Date(now().getTime() - KEEP_MS))));
    },
  };
}
