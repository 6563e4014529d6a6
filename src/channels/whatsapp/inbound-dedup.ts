import type { Db } from '../../db/client.js';
import type { Logger } from '../../logger.js';
import { claimInbound, pruneInbound } from '../inbound-dedup.js';

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
        return await claimInbound(db, 'whatsapp', messageId);
      } catch (error) {
        log.warn({ err: error }, 'whatsapp: dedupe check failed: answering anyway');
        return true;
      }
    },
    async prune() {
      await pruneInbound(db, 'whatsapp', new Date(now().getTime() - KEEP_MS));
    },
  };
}
