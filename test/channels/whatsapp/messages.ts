import { proto, type WAMessage, type WAMessageKey } from '@whiskeysockets/baileys';
import { randomBytes } from 'node:crypto';
import { BOT_LID } from './fake-socket.js';

/**
 * Inbound messages in the shape Baileys v7 emits them (`decodeMessageNode` + a decoded `proto.Message`):
 * a LID-addressed private chat carries the phone-number JID in `remoteJidAlt`, a group message names the
 * sender in `participant` / `participantAlt`.
 */

export const USER_PN = '6281234567890@s.whatsapp.net';
export const USER_LID = '112233445566778@lid';
export const GROUP = '120363025246125486@g.us';

const newId = () => `3A${randomBytes(9).toString('hex').toUpperCase()}`;
const nowSeconds = () => Math.floor(Date.now() / 1000);

export interface MessageOptions {
  id?: string;
  /** Seconds since the epoch. */
  timestamp?: number;
  key?: Partial<WAMessageKey>;
}

function wrap(key: WAMessageKey, content: proto.IMessage, options: MessageOptions): WAMessage {
  return {
    key: { ...key, ...options.key },
    messageTimestamp: options.timestamp ?? nowSeconds(),
    pushName: 'Budi Santoso',
    broadcast: false,
    message: proto.Message.fromObject(content),
  };
}

/** A private message from a user addressed by LID, with the phone number in `remoteJidAlt` (v7's common case). */
export function privateMessage(content: proto.IMessage, options: MessageOptions = {}): WAMessage {
  const key: WAMessageKey = { remoteJid: USER_LID, remoteJidAlt: USER_PN, fromMe: false, id: options.id ?? newId(), addressingMode: 'lid' };
  return wrap(key, content, options);
}

export function privateText(text: string, options: MessageOptions = {}): WAMessage {
  return privateMessage({ conversation: text }, options);
}

/** A group text; `mentionBot` adds the bot's LID to `mentionedJid` and "@<lid>" to the text, as WhatsApp does. */
export function groupText(text: string, mentionBot: boolean, options: MessageOptions = {}): WAMessage {
  const botUser = BOT_LID.split(':')[0] ?? '';
  const key: WAMessageKey = {
    remoteJid: GROUP,
    fromMe: false,
    id: options.id ?? newId(),
    participant: USER_LID,
    participantAlt: USER_PN,
    addressingMode: 'lid',
  };
  const content: proto.IMessage = mentionBot
    ? { extendedTextMessage: { text: `@${botUser} ${text}`, contextInfo: { mentionedJid: [`${botUser}@lid`] } } }
    : { conversation: text };
  return wrap(key, content, options);
}
