import type { Config } from '../config.js';
import type { Core } from '../core/handle.js';
import type { Database } from '../db/client.js';
import type { KnowledgeSnapshot } from '../kb/snapshot.js';
import type { Logger } from '../logger.js';
import { claimTimeoutFor, createInboundClaims, type InboundClaims } from './inbound-claims.js';
import { createTelegramChannel } from './telegram/index.js';
import type { ChannelRuntime } from './types.js';
import { createWhatsAppChannel } from './whatsapp/index.js';

export interface ChannelDeps {
  config: Config;
  core: Core;
  database: Database;
  knowledge: () => KnowledgeSnapshot;
  userKeySecret: string;
  log: Logger;
  /** The process's inbound deduplication; each channel makes its own when absent (tests). */
  inbound?: InboundClaims;
}

/** The shared inbound claims, or a fresh set for a channel built on its own. */
export function inboundClaimsOf(deps: ChannelDeps): InboundClaims {
  return deps.inbound ?? createInboundClaims({
      db: deps.database.db,
      secret: deps.userKeySecret,
      log: deps.log,
      timeoutMs: claimTimeoutFor(deps.database.driver),
      leaseMs: deps.config.INBOUND_CLAIM_LEASE_MS,
    });
}

/** The messaging channels the configuration turns on (the web chat is always on and mounted separately). */
export async function createMessagingChannels(deps: ChannelDeps): Promise<ChannelRuntime[]> {
  const channels: ChannelRuntime[] = [];
  if (deps.config.telegramMode !== 'off') channels.push(createTelegramChannel(deps));
  if (deps.config.WHATSAPP_MODE !== 'off') channels.push(await createWhatsAppChannel(deps));
  return channels;
}
