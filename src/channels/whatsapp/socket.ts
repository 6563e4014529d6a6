import {
  Browsers,
  makeCacheableSignalKeyStore,
  makeWASocket,
  type AnyMessageContent,
  type AuthenticationState,
  type BaileysEventMap,
  type Contact,
  type MiscMessageGenerationOptions,
  type proto,
  type WAMessage,
  type WAMessageKey,
  type WAPresence,
} from '@whiskeysockets/baileys';
import type { Logger } from '../../logger.js';
import { baileysLogger } from './baileys-logger.js';
import { shouldSyncHistoryMessage } from './history-sync.js';

export interface SocketEvents {
  on<T extends keyof BaileysEventMap>(event: T, listener: (arg: BaileysEventMap[T]) => void): void;
  off<T extends keyof BaileysEventMap>(event: T, listener: (arg: BaileysEventMap[T]) => void): void;
}

/** The part of a Baileys socket Netra uses; the real `WASocket` satisfies it, and so does the tests' stand-in. */
export interface WhatsAppSocket {
  ev: SocketEvents;
  user: Contact | undefined;
  end(error: Error | undefined): Promise<void>;
  sendMessage(jid: string, content: AnyMessageContent, options?: MiscMessageGenerationOptions): Promise<WAMessage | undefined>;
  readMessages(keys: WAMessageKey[]): Promise<void>;
  sendPresenceUpdate(type: WAPresence, toJid?: string): Promise<void>;
  requestPairingCode(phoneNumber: string): Promise<string>;
  /** Local LID→PN lookups (pairs Baileys has already seen, kept in our auth store). */
  signalRepository?: { lidMapping: { getPNForLID(lid: string): Promise<string | null> } };
}

export type SocketFactory = (auth: AuthenticationState) => WhatsAppSocket;

export interface RealSocketOptions {
  log: Logger;
  getMessage: (key: WAMessageKey) => Promise<proto.IMessage | undefined>;
  /** Only for tests against a local server; production uses Baileys' default WhatsApp endpoint. */
  waWebSocketUrl?: string;
  /** Only for tests: how long Baileys waits for the WebSocket and the Noise handshake (Baileys' default: 20 s). */
  connectTimeoutMs?: number;
}

/**
 * A real Baileys socket configured for a low-profile answering bot: never shown online, no message history
 * (only the contact and LID-mapping syncs), no link previews, and a cached key store over our database store.
 */
export function baileysSocketFactory(options: RealSocketOptions): SocketFactory {
  const logger = baileysLogger(options.log);
  return (auth) =>
    makeWASocket({
      auth: { creds: auth.creds, keys: makeCacheableSignalKeyStore(auth.keys, logger) },
      logger,
      browser: Browsers.ubuntu('Chrome'),
      markOnlineOnConnect: false,
      syncFullHistory: false,
      shouldSyncHistoryMessage,
      generateHighQualityLinkPreview: false,
      getMessage: options.getMessage,
      ...(options.waWebSocketUrl ? { waWebSocketUrl: options.waWebSocketUrl } : {}),
      ...(options.connectTimeoutMs ? { connectTimeoutMs: options.connectTimeoutMs } : {}),
    });
}
