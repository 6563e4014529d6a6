import { Boom } from '@hapi/boom';
import {
  generateWAMessage,
  type AnyMessageContent,
  type AuthenticationState,
  type BaileysEventMap,
  type Contact,
  type MiscMessageGenerationOptions,
  type WAMessage,
  type WAMessageKey,
  type WAPresence,
} from '@whiskeysockets/baileys';
import { EventEmitter } from 'node:events';
import pino from 'pino';
import type { SocketEvents, WhatsAppSocket } from '../../../src/channels/whatsapp/socket.js';

export const BOT_PN = '6281100000001:7@s.whatsapp.net';
export const BOT_LID = '99887766554433:7@lid';

class TypedEvents implements SocketEvents {
  readonly emitter = new EventEmitter();
  on<T extends keyof BaileysEventMap>(event: T, listener: (arg: BaileysEventMap[T]) => void): void {
    this.emitter.on(event, listener);
  }
  off<T extends keyof BaileysEventMap>(event: T, listener: (arg: BaileysEventMap[T]) => void): void {
    this.emitter.off(event, listener);
  }
  emit<T extends keyof BaileysEventMap>(event: T, arg: BaileysEventMap[T]): boolean {
    return this.emitter.emit(event, arg);
  }
  listenerCount(event: keyof BaileysEventMap): number {
    return this.emitter.listenerCount(event);
  }
}

export interface SentRecord {
  jid: string;
  content: AnyMessageContent;
  options: MiscMessageGenerationOptions | undefined;
  message: WAMessage;
}

/**
 * An in-process stand-in for a Baileys socket: an event emitter carrying Baileys' real event shapes, and
 * recorders for what Netra asks the socket to do. Outgoing messages are built with Baileys' own
 * `generateWAMessage`, exactly as the real `sendMessage` builds them before encrypting.
 */
export class FakeSocket implements WhatsAppSocket {
  readonly ev = new TypedEvents();
  user: Contact | undefined = { id: BOT_PN, lid: BOT_LID };
  readonly sent: SentRecord[] = [];
  readonly reads: WAMessageKey[][] = [];
  readonly presences: { type: WAPresence; jid: string | undefined }[] = [];
  readonly pairingRequests: string[] = [];
  ended = false;
  /** Known LID → PN pairs, as Baileys' lidMapping would have them. */
  readonly lidToPn = new Map<string, string>();
  readonly signalRepository = {
    lidMapping: { getPNForLID: async (lid: string) => this.lidToPn.get(lid.replace(/:\d+@/, '@')) ?? null },
  };

  constructor(readonly auth?: AuthenticationState) {}

  async sendMessage(jid: string, content: AnyMessageContent, options?: MiscMessageGenerationOptions): Promise<WAMessage> {
    const message = await generateWAMessage(jid, content, {
      userJid: BOT_PN,
      upload: async () => {
        throw new Error('the stand-in socket uploads no media');
      },
      logger: pino({ level: 'silent' }),
      ...options,
    });
    this.sent.push({ jid, content, options, message });
    return message;
  }

  async readMessages(keys: WAMessageKey[]): Promise<void> {
    this.reads.push(keys);
  }

  async sendPresenceUpdate(type: WAPresence, toJid?: string): Promise<void> {
    this.presences.push({ type, jid: toJid });
  }

  async requestPairingCode(phoneNumber: string): Promise<string> {
    this.pairingRequests.push(phoneNumber);
    return 'NETRA123';
  }

  async end(error: Error | undefined): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    this.ev.emit('connection.update', { connection: 'close', lastDisconnect: { error, date: new Date() } });
  }

  // ── What WhatsApp does to the socket ──
  receive(messages: WAMessage[], type: 'notify' | 'append' = 'notify'): void {
    this.ev.emit('messages.upsert', { messages, type });
  }
  open(): void {
    this.ev.emit('connection.update', { connection: 'open' });
  }
  showQr(qr: string): void {
    this.ev.emit('connection.update', { qr });
  }
  /** WhatsApp closes the socket with a status code (a Boom, as Baileys reports it). */
  close(statusCode: number, message = 'Connection Failure'): void {
    this.ended = true;
    this.ev.emit('connection.update', { connection: 'close', lastDisconnect: { error: new Boom(message, { statusCode }), date: new Date() } });
  }

  textsSent(): string[] {
    return this.sent.map((s) => ('text' in s.content ? String(s.content.text) : ''));
  }
}
