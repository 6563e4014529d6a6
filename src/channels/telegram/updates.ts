import type { Message, UserFromGetMe } from 'grammy/types';
import { parseCommand } from '../../core/command.js';
import { pseudonymousUserKey } from '../../core/pseudonym.js';
import type { ChatType, Incoming } from '../../core/types.js';
import { nonTextNote, type NonTextKind } from './texts.js';

/** What to do with one incoming Telegram message. */
export type MessageRoute =
  | { kind: 'incoming'; incoming: Incoming }
  /** A short text-only note (non-text messages in a private chat). */
  | { kind: 'note'; text: string; userKey: string }
  | { kind: 'ignore'; reason: string };

/** Commands the core answers; in groups only these (or commands addressed to us by name) are taken. */
export const KNOWN_COMMANDS = new Set(['start', 'topik', 'lapor', 'bantuan', 'privasi', 'help']);

const NON_TEXT_KINDS: [keyof Message, NonTextKind][] = [
  ['sticker', 'sticker'],
  ['photo', 'photo'],
  ['animation', 'video'],
  ['video', 'video'],
  ['video_note', 'video'],
  ['voice', 'voice'],
  ['audio', 'voice'],
  ['document', 'document'],
  ['location', 'location'],
  ['venue', 'location'],
  ['contact', 'contact'],
  ['poll', 'other'],
  ['dice', 'other'],
  ['game', 'other'],
  ['story', 'other'],
];

export function chatTypeOf(type: string): ChatType | null {
  if (type === 'private') return 'private';
  if (type === 'group' || type === 'supergroup') return 'group';
  return null;
}

/**
 * Translates a Telegram message into an Incoming for the core, a note, or nothing. Groups get an
 * answer only for commands, messages that mention the bot, and replies to the bot.
 */
export function routeMessage(message: Message, me: UserFromGetMe, userKeySecret: string): MessageRoute {
  const from = message.from;
  if (!from || from.is_bot) return { kind: 'ignore', reason: 'not from a person' };
  const chatType = chatTypeOf(message.chat.type);
  if (!chatType) return { kind: 'ignore', reason: 'not a private chat or group' };
  const userKey = pseudonymousUserKey(userKeySecret, 'telegram', from.id);

  if (message.text === undefined) {
    const kind = NON_TEXT_KINDS.find(([key]) => message[key] !== undefined)?.[1];
    if (!kind) return { kind: 'ignore', reason: 'service message' };
    if (chatType === 'group') return { kind: 'ignore', reason: 'non-text message in a group' };
    return { kind: 'note', text: nonTextNote(kind), userKey };
  }

  const text = message.text;
  const base = { channel: 'telegram' as const, userKey, chatType };
  const command = commandIn(text);
  if (command) {
    if (command.target !== undefined && command.target.toLowerCase() !== me.username.toLowerCase()) {
      return { kind: 'ignore', reason: 'command for another bot' };
    }
    if (chatType === 'group' && command.target === undefined && !KNOWN_COMMANDS.has(command.name)) {
      return { kind: 'ignore', reason: 'unknown command in a group' };
    }
    const parsed = parseCommand(text);
    if (parsed) return { kind: 'incoming', incoming: { ...base, command: parsed.command, text: parsed.arg } };
  }

  if (chatType === 'group' && !mentionsBot(message, me) && message.reply_to_message?.from?.id !== me.id) {
    return { kind: 'ignore', reason: 'group message not addressed to the bot' };
  }
  return { kind: 'incoming', incoming: { ...base, text: chatType === 'group' ? stripMention(text, me.username) : text } };
}

/** `/name` or `/name@target` at the start of the text. */
function commandIn(text: string): { name: string; target?: string } | null {
  const match = /^\/([A-Za-z0-9_]{1,32})(?:@([A-Za-z0-9_]{1,64}))?(?=\s|$)/.exec(text.trim());
  if (!match) return null;
  return { name: (match[1] ?? '').toLowerCase(), ...(match[2] ? { target: match[2] } : {}) };
}

function mentionsBot(message: Message, me: UserFromGetMe): boolean {
  const text = message.text ?? '';
  const handle = `@${me.username}`.toLowerCase();
  return (message.entities ?? []).some(
    (e) =>
      (e.type === 'mention' && text.slice(e.offset, e.offset + e.length).toLowerCase() === handle) ||
      (e.type === 'text_mention' && e.user.id === me.id),
  );
}

/** Removes "@NetraBot" wherever it stands, so "@NetraBot boleh like?" is matched as "boleh like?". */
export function stripMention(text: string, username: string): string {
  const escaped = username.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return text
    .replace(new RegExp(`@${escaped}\\b`, 'gi'), ' ')
    .replace(/\s{2,}/g, ' ')
    .trim();
}
