import type { ClaimResult, InboundClaims } from '../inbound-claims.js';
import { INBOUND_RETENTION_MS } from '../housekeeping.js';

export interface InboundDedup {
  /**
   * `won` the first time a message id is seen (across processes sharing the database), `duplicate` once
   * answered, `busy` while claimed moments ago and not answered yet (see `ClaimResult`). If the database
   * cannot be asked in time, decided from memory: answering twice beats leaving a question unanswered.
   */
  claim(messageId: string): Promise<ClaimResult>;
  /** The claimed message's handling is over; until then a redelivery after the lease takes it over. */
  answered(messageId: string): void;
  prune(): Promise<void>;
}

/** WhatsApp delivers at least once (Baileys: `append` and `notify`; Meta: webhook retries); this makes it once. */
export function createInboundDedup(claims: InboundClaims, now: () => Date = () => new Date()): InboundDedup {
  return {
    claim: (messageId) => claims.claim('whatsapp', messageId),
    answered: (messageId) => claims.answered('whatsapp', messageId),
    async prune() {
      await claims.prune('whatsapp', new Date(now().getTime() - INBOUND_RETENTION_MS.whatsapp));
    },
  };
}
