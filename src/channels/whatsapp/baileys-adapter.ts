import {
  areJidsSameUser,
  getContentType,
  isJidBroadcast,
  isJidGroup,
  isJidNewsletter,
  isJidStatusBroadcast,
  isLidUser,
  normalizeMessageContent,
  type BaileysEventMap,
  type proto,
  type WAMessage,
} from '@whiskeysockets/baileys';
import type { Core } from '../../core/handle.js';
import { pseudonymousUserKey } from '../../core/pseudonym.js';
import type { Logger } from '../../logger.js';
import { rateByReaction, takeTurn } from './conversation.js';
import type { InboundDedup } from './inbound-dedup.js';
import { platformUserId, preferredSenderJid } from './jid.js';
import type { NumberedContextStore } from './numbered-context.js';
import { NON_TEXT_NOTE, renderWhatsAppText } from './render.js';
import type { SentMessageStore } from './sent-messages.js';
import type { WhatsAppSocket } from './socket.js';
import { KeyedWorkQueue } from './work-queue.js';

/** Messages older than this (e.g. queued during a long outage) are not answered: a late flood looks like spam. */
export const MAX_MESSAGE_AGE_MS = 24 * 60 * 60 * 1000;

/** Content a person sent that we cannot read: answered with a short note. Anything else unknown is ignored. */
const NOTE_TYPES = new Set<keyof proto.IMessage>([
  'imageMessage',
  'videoMessage',
  'ptvMessage',
  'audioMessage',
  'stickerMessage',
  'documentMessage',
  'locationMessage',
  'liveLocationMessage',
  'contactMessage',
  'contactsArrayMessage',
  'pollCreationMessage',
  'pollCreationMessageV2',
  'pollCreationMessageV3',
]);

export interface BaileysAdapterDeps {
  core: Core;
  contexts: NumberedContextStore;
  dedup: InboundDedup;
  sent: SentMessageStore;
  userKeySecret: string;
  log: Logger;
  now?: () => number;
}

export interface BaileysAdapter {
  /** Starts answering the socket's messages; returns the unbinding. */
  attach(socket: WhatsAppSocket): () => void;
  /** Resolves when every message received so far has been handled. */
  idle(): Promise<void>;
}

type Inbound =
  | { kind: 'text'; text: string }
  | { kind: 'reaction'; emoji: string }
  | { kind: 'unreadable' }
  | { kind: 'ignore' };

/** What a message holds, as far as Netra cares. */
export function classifyContent(message: proto.IMessage | null | undefined): Inbound {
  const content = normalizeMessageContent(message);
  const type = getContentType(content);
  if (!content || !type) return { kind: 'ignore' };
  if (type === 'conversation') return { kind: 'text', text: content.conversation ?? '' };
  if (type === 'extendedTextMessage') return { kind: 'text', text: content.extendedTextMessage?.text ?? '' };
  if (type === 'reactionMessage') return { kind: 'reaction', emoji: content.reactionMessage?.text ?? '' };
  return NOTE_TYPES.has(type) ? { kind: 'unreadable' } : { kind: 'ignore' };
}

/** The JIDs a message mentions, wherever its content keeps its contextInfo. */
function mentionedJids(message: proto.IMessage | null | undefined): string[] {
  const content = normalizeMessageContent(message);
  const type = getContentType(content);
  if (!content || !type || type === 'conversation') return [];
  const part = content[type] as { contextInfo?: proto.IContextInfo | null } | null | undefined;
  return part?.contextInfo?.mentionedJid ?? [];
}

function mentionsBot(message: proto.IMessage | null | undefined, socket: WhatsAppSocket): boolean {
  const own = [socket.user?.id, socket.user?.lid, socket.user?.phoneNumber].filter((j): j is string => Boolean(j));
  return mentionedJids(message).some((jid) => own.some((me) => areJidsSameUser(jid, me)));
}

/** "@628123… boleh ga …" → "boleh ga …": mention tokens carry numbers and mean nothing to the matcher. */
const stripMentions = (text: string): string => text.replace(/@\d{5,}/g, ' ').replace(/\s+/g, ' ').trim();

function timestampMs(message: WAMessage): number | null {
  const t = message.messageTimestamp;
  const seconds = typeof t === 'number' ? t : t && typeof t === 'object' && 'toNumber' in t ? t.toNumber() : null;
  return seconds ? seconds * 1000 : null;
}

/**
 * The Baileys message adapter: `messages.upsert` (both `notify` and the `append` of messages queued while we
 * were offline) → dedupe on the message id → the shared conversation → one text reply. Own messages,
 * status@broadcast, newsletters and group messages that do not mention the bot are ignored.
 */
export function createBaileysAdapter(deps: BaileysAdapterDeps): BaileysAdapter {
  const now = deps.now ?? Date.now;
  const log = deps.log;
  const queue = new KeyedWorkQueue((error) => log.error({ err: error }, 'whatsapp: failed to handle a message'));

  async function senderPlatformId(socket: WhatsAppSocket, message: WAMessage): Promise<string | null> {
    let jid = preferredSenderJid(message.key);
    if (jid && isLidUser(jid) && socket.signalRepository) {
      // Only a local lookup of pairs Baileys has already seen; never a network query.
      const pn = await socket.signalRepository.lidMapping.getPNForLID(jid).catch(() => null);
      if (pn) jid = pn;
    }
    return jid ? platformUserId(jid) : null;
  }

  async function handle(socket: WhatsAppSocket, message: WAMessage): Promise<void> {
    const { key } = message;
    const chatJid = key.remoteJid;
    if (!chatJid || !key.id || key.fromMe) return;
    if (isJidStatusBroadcast(chatJid) || isJidBroadcast(chatJid) || isJidNewsletter(chatJid)) return;
    const inbound = classifyContent(message.message);
    if (inbound.kind === 'ignore') return;
    const sentAt = timestampMs(message);
    if (sentAt !== null && now() - sentAt > MAX_MESSAGE_AGE_MS) {
      log.info({ ageHours: Math.round((now() - sentAt) / 3_600_000) }, 'whatsapp: message too old to answer: skipped');
      return;
    }
    const group = isJidGroup(chatJid) === true;
    if (group && !mentionsBot(message.message, socket)) return;
    // Busy (claimed moments ago, not answered yet) counts as a duplicate: Baileys never redelivers later.
    if ((await deps.dedup.claim(key.id)) !== 'won') {
      log.debug('whatsapp: duplicate delivery ignored');
      return;
    }
    try {
      await answer(socket, message, inbound, group);
    } finally {
      deps.dedup.answered(key.id);
    }
  }

  async function answer(socket: WhatsAppSocket, message: WAMessage, inbound: Exclude<Inbound, { kind: 'ignore' }>, group: boolean): Promise<void> {
    const { key } = message;
    const chatJid = key.remoteJid!;
    const platformId = await senderPlatformId(socket, message);
    if (!platformId) {
      log.warn('whatsapp: message without a usable sender id: ignored');
      return;
    }
    const userKey = pseudonymousUserKey(deps.userKeySecret, 'whatsapp', platformId);
    const chatKey = group ? pseudonymousUserKey(deps.userKeySecret, 'whatsapp', `group:${chatJid}:${platformId}`) : userKey;
    const conversation = { core: deps.core, contexts: deps.contexts, log };

    if (inbound.kind === 'reaction') {
      // A 👍/👎 reaction rates the last answer quietly; other reactions mean nothing to us.
      const rated = await rateByReaction(conversation, { userKey, chatKey }, inbound.emoji);
      if (rated) log.info({ userKey }, 'whatsapp: feedback by reaction');
      return;
    }

    await socket.readMessages([key]).catch((error: unknown) => log.warn({ err: error }, 'whatsapp: could not mark as read'));
    await socket.sendPresenceUpdate('composing', chatJid).catch((error: unknown) => log.warn({ err: error }, 'whatsapp: could not show typing'));

    let text: string;
    let kind: string;
    if (inbound.kind === 'unreadable') {
      text = NON_TEXT_NOTE;
      kind = 'non-text';
    } else {
      const turn = await takeTurn(conversation, { userKey, chatKey, chatType: group ? 'group' : 'private', text: stripMentions(inbound.text) });
      text = turn.kind === 'reply' ? renderWhatsAppText(turn.reply) : turn.text;
      kind = turn.kind === 'reply' ? turn.reply.kind : 'feedback';
    }

    try {
      const sent = await socket.sendMessage(chatJid, { text }, group ? { quoted: message } : undefined);
      if (sent?.key.id && sent.message) {
        await deps.sent.store(sent.key.id, sent.message).catch((error: unknown) => log.warn({ err: error }, 'whatsapp: could not store the sent message'));
      }
      log.info({ userKey, chatType: group ? 'group' : 'private', kind }, 'whatsapp: replied');
    } catch (error) {
      log.error({ err: error, userKey }, 'whatsapp: sending the reply failed');
    } finally {
      await socket.sendPresenceUpdate('paused', chatJid).catch(() => undefined);
    }
  }

  return {
    attach(socket) {
      const onUpsert = ({ messages, type }: BaileysEventMap['messages.upsert']) => {
        if (type !== 'notify' && type !== 'append') return;
        for (const message of messages) {
          const chat = message.key?.remoteJid;
          if (chat) queue.push(chat, () => handle(socket, message));
        }
      };
      socket.ev.on('messages.upsert', onUpsert);
      return () => socket.ev.off('messages.upsert', onUpsert);
    },
    idle: () => queue.idle(),
  };
}
