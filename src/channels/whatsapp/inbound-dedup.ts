import { and, eq, lt } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { inboundDedup } from '../../db/schema.js';
import type { Logger } from '../../logger.js';

const CHANNEL = 'whatsapp';
/** Redeliveries come within minutes or hours; a week of ids is plenty. */
const KEEP_MS = 7 * 24 * 60 * 60 * 1000;

export interface InboundDedup {
  /**
   * True the first time a message id is seen (across processes sharing the database), false for repeats.
   * If the database cannot be asked, true: answering twice beats leaving a question unanswered.
   */
  claim(messageId: string): Promise<boolean>;
  prune(): Promise<void>;
}

/** WhatsApp delivers at least once (Baileys: `append` and `notify`; Meta: webhook retries); this makes it once. */
export function createInboundDedup(db: Db, log: Logger, now: () => Date = () => new Date()): InboundDedup {
  return {
    async claim(messageId) {
      try {
        const inserted = await db
          .insert(inboundDedup)
          .values({ channel: CHANNEL, externalId: messageId })
          .onConflictDoNothing()
          .returning({ id: inboundDedup.externalId });
        return inserted.length > 0;
      } catch (error) {
        log.warn({ err: error }, 'whatsapp: dedupe check failed: answering anyway');
        return true;
      }
    },
    async prune() {
      await db
        .delete(inboundDedup)
        .where(and(eq(inboundDedup.channel, CHANNEL), lt(inboundDedup.receivedAt, new Date(now().getTime() - KEEP_MS))));
    },
  };
}
