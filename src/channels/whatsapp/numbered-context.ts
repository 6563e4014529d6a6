import { and, eq, gt, lt } from 'drizzle-orm';
import type { Incoming, Rating, Reply } from '../../core/types.js';
import type { Db } from '../../db/client.js';
import { chatContext } from '../../db/schema.js';

/**
 * WhatsApp has no inline keyboard that survives every client, so choices are numbered and the user answers
 * "2". What each number means, and which answer a 👍/👎 rates, is kept per chat for a few minutes.
 * Shared by both transports (Baileys and the Cloud API).
 */

/** How long "2" or "👍" still refers to the last reply. */
export const CONTEXT_TTL_MS = 10 * 60 * 1000;
const CHANNEL = 'whatsapp';

export type NumberedOption = { kind: 'entry'; id: string; title: string } | { kind: 'category'; id: string; title: string };

export interface ChatContextData {
  options: NumberedOption[];
  /** The answer a 👍/👎 would rate; null when the last reply was not an answer. */
  ratedQueryId: string | null;
  ratedEntryId: string | null;
  /** The asker's feedback tag for that answer: only the asker's 👍/👎 counts (absent in contexts from older versions). */
  ratedTag?: string | null;
}

/** The choices a reply offers, in the order every WhatsApp renderer numbers them. */
export function numberedOptions(reply: Reply): NumberedOption[] {
  const entries = (items: { id: string; title: string }[]): NumberedOption[] => items.map(({ id, title }) => ({ kind: 'entry', id, title }));
  switch (reply.kind) {
    case 'answer':
      return entries(reply.related);
    case 'clarify':
    case 'text':
      return entries(reply.suggestions);
    case 'topics': {
      const [only] = reply.categories;
      if (reply.categories.length === 1 && only) return entries(only.entries);
      return reply.categories.map(({ id, title }) => ({ kind: 'category', id, title }));
    }
    case 'fallback':
      return [];
  }
}

/** What to remember after sending a reply. */
export function contextFor(reply: Reply): ChatContextData {
  return {
    options: numberedOptions(reply),
    ratedQueryId: reply.kind === 'answer' ? reply.queryId : null,
    ratedEntryId: reply.kind === 'answer' ? reply.entry.id : null,
    ratedTag: reply.kind === 'answer' ? reply.feedbackTag : null,
  };
}

/** The Incoming fields that pick an option: an entry is answered directly, a category lists its topics. */
export function optionIncoming(option: NumberedOption): Pick<Incoming, 'text' | 'command' | 'entryId'> {
  return option.kind === 'entry' ? { text: '', entryId: option.id } : { text: option.id, command: 'topik' };
}

export type ContextualReply =
  | { kind: 'option'; option: NumberedOption }
  | { kind: 'feedback'; rating: Rating; queryId: string; entryId: string | null; tag: string | null };

const THUMBS_UP = /^👍[\u{1F3FB}-\u{1F3FF}]?\uFE0F?$/u;
const THUMBS_DOWN = /^👎[\u{1F3FB}-\u{1F3FF}]?\uFE0F?$/u;

/** 1 for 👍, -1 for 👎 (any skin tone), otherwise null. */
export function ratingOf(text: string): Rating | null {
  const t = text.trim();
  if (THUMBS_UP.test(t)) return 1;
  if (THUMBS_DOWN.test(t)) return -1;
  return null;
}

/** Reads a short reply against the remembered context: "2" → the second option, "👍" → feedback. Pure. */
export function interpretReply(text: string, context: ChatContextData | null): ContextualReply | null {
  if (!context) return null;
  const t = text.trim();
  const number = /^(\d{1,2})\.?$/.exec(t);
  if (number) {
    const option = context.options[Number(number[1]) - 1];
    return option ? { kind: 'option', option } : null;
  }
  const rating = ratingOf(t);
  if (rating !== null && context.ratedQueryId) {
    return { kind: 'feedback', rating, queryId: context.ratedQueryId, entryId: context.ratedEntryId, tag: context.ratedTag ?? null };
  }
  return null;
}

export interface NumberedContextStore {
  remember(chatKey: string, data: ChatContextData): Promise<void>;
  recall(chatKey: string): Promise<ChatContextData | null>;
  /** Deletes expired rows (housekeeping). */
  prune(): Promise<void>;
}

export function createNumberedContextStore(db: Db, options: { ttlMs?: number; now?: () => Date } = {}): NumberedContextStore {
  const ttlMs = options.ttlMs ?? CONTEXT_TTL_MS;
  const now = options.now ?? (() => new Date());
  return {
    async remember(chatKey, data) {
      const expiresAt = new Date(now().getTime() + ttlMs);
      const row = data as unknown as Record<string, unknown>;
      await db
        .insert(chatContext)
        .values({ channel: CHANNEL, chatKey, data: row, expiresAt })
        .onConflictDoUpdate({ target: [chatContext.channel, chatContext.chatKey], set: { data: row, expiresAt } });
    },
    async recall(chatKey) {
      const rows = await db
        .select({ data: chatContext.data })
        .from(chatContext)
        .where(and(eq(chatContext.channel, CHANNEL), eq(chatContext.chatKey, chatKey), gt(chatContext.expiresAt, now())))
        .limit(1);
      const data = rows[0]?.data as ChatContextData | undefined;
      return data && Array.isArray(data.options) ? data : null;
    },
    async prune() {
      await db.delete(chatContext).where(and(eq(chatContext.channel, CHANNEL), lt(chatContext.expiresAt, now())));
    },
  };
}
