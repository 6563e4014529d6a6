import { lt } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { chatContext } from '../db/schema.js';
import type { Logger } from '../logger.js';
import type { InboundClaims } from './inbound-claims.js';

/** How long platform message ids are kept: past each platform's redelivery horizon. */
export const INBOUND_RETENTION_MS = {
  /** Twice Telegram's 24-hour redelivery horizon. */
  telegram: 48 * 60 * 60 * 1000,
  /** Redeliveries (Baileys append + notify, Meta retries) come within hours; a week is plenty. */
  whatsapp: 7 * 24 * 60 * 60 * 1000,
} as const;

const EVERY_MS = 60 * 60 * 1000;

export interface HousekeepingDeps {
  db: Db;
  claims: InboundClaims;
  log: Logger;
  now?: () => Date;
}

/**
 * One pass over the per-message tables every channel fills: old `inbound_dedup` ids and expired
 * `chat_context` rows, for every channel and transport alike (the WhatsApp Cloud mode included).
 */
export async function pruneMessageTables(deps: HousekeepingDeps): Promise<{ inbound: number; contexts: number }> {
  const now = (deps.now ?? (() => new Date()))();
  let inbound = 0;
  for (const [channel, keepMs] of Object.entries(INBOUND_RETENTION_MS) as [keyof typeof INBOUND_RETENTION_MS, number][]) {
    inbound += await deps.claims.prune(channel, new Date(now.getTime() - keepMs));
  }
  const expired = await deps.db.delete(chatContext).where(lt(chatContext.expiresAt, now)).returning({ chatKey: chatContext.chatKey });
  return { inbound, contexts: expired.length };
}

/** Runs `pruneMessageTables` now and hourly; returns the stop function. */
export function startHousekeeping(deps: HousekeepingDeps): () => void {
  const run = () => {
    pruneMessageTables(deps).then(
      (removed) => {
        if (removed.inbound + removed.contexts > 0) deps.log.debug(removed, 'housekeeping: pruned old message ids and chat contexts');
      },
      (error: unknown) => deps.log.warn({ err: error instanceof Error ? error.message : String(error) }, 'housekeeping: could not prune message ids and chat contexts'),
    );
  };
  run();
  const timer = setInterval(run, EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
