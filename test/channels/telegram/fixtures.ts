import { FAKE_BOT } from './fake-bot-api.js';

/**
 * Telegram update JSON as the Bot API delivers it (shapes copied from real updates, ids made up).
 * Each builder takes the update_id, so a test can send the same update twice on purpose.
 */

export const PERSON = {
  id: 123_456_789,
  is_bot: false,
  first_name: 'Sari',
  last_name: 'Wulandari',
  username: 'sari_wulandari',
  language_code: 'id',
};

export const OTHER_PERSON = { id: 987_654_321, is_bot: false, first_name: 'Budi', username: 'budi_asn', language_code: 'id' };

export const PRIVATE_CHAT = { id: PERSON.id, first_name: PERSON.first_name, last_name: PERSON.last_name, username: PERSON.username, type: 'private' };
export const GROUP_CHAT = { id: -1_001_234_567_890, title: 'ASN Kab. Contoh', type: 'supergroup' };

let nextUpdateId = 700_000_000;
let nextMessageId = 100;
const DATE = 1_732_345_678;

export function newUpdateId(): number {
  return (nextUpdateId += 1);
}

interface MessageOptions {
  updateId?: number;
  from?: typeof PERSON | typeof OTHER_PERSON;
  chat?: typeof PRIVATE_CHAT | typeof GROUP_CHAT;
  entities?: { type: string; offset: number; length: number }[];
  replyToBot?: boolean;
}

function message(content: Record<string, unknown>, options: MessageOptions = {}) {
  const from = options.from ?? PERSON;
  const chat = options.chat ?? { ...PRIVATE_CHAT, id: from.id, first_name: from.first_name, username: from.username };
  return {
    message_id: (nextMessageId += 1),
    from,
    chat,
    date: DATE,
    ...content,
    ...(options.replyToBot
      ? {
          reply_to_message: {
            message_id: 42,
            from: { id: FAKE_BOT.id, is_bot: true, first_name: FAKE_BOT.first_name, username: FAKE_BOT.username },
            chat,
            date: DATE - 60,
            text: '✅ Boleh — Hak pilih ASN',
          },
        }
      : {}),
  };
}

/** Entities Telegram attaches: a leading /command, and @mentions anywhere. */
function entitiesOf(text: string) {
  const entities: { type: string; offset: number; length: number }[] = [];
  const command = /^\/\w+(@\w+)?/.exec(text);
  if (command) entities.push({ type: 'bot_command', offset: 0, length: command[0].length });
  for (const m of text.matchAll(/@\w+/g)) {
    if (command && m.index === command[0].indexOf('@')) continue;
    entities.push({ type: 'mention', offset: m.index, length: m[0].length });
  }
  return entities;
}

export function textUpdate(text: string, options: MessageOptions = {}) {
  const entities = options.entities ?? entitiesOf(text);
  return {
    update_id: options.updateId ?? newUpdateId(),
    message: message({ text, ...(entities.length > 0 ? { entities } : {}) }, options),
  };
}

export function groupTextUpdate(text: string, options: Omit<MessageOptions, 'chat'> = {}) {
  return textUpdate(text, { ...options, chat: GROUP_CHAT });
}

export function stickerUpdate(options: MessageOptions = {}) {
  return {
    update_id: options.updateId ?? newUpdateId(),
    message: message(
      {
        sticker: {
          file_id: 'CAACAgIAAxkBAAEBQ2Rl',
          file_unique_id: 'AgADbQADwDZPEw',
          type: 'regular',
          width: 512,
          height: 512,
          is_animated: false,
          is_video: false,
          emoji: '👍',
          set_name: 'HotCherry',
          file_size: 24_556,
        },
      },
      options,
    ),
  };
}

export function photoUpdate(options: MessageOptions = {}) {
  return {
    update_id: options.updateId ?? newUpdateId(),
    message: message(
      {
        photo: [
          { file_id: 'AgACAgUAAxkBAAIBZ2VwAAE', file_unique_id: 'AQADxrkxG', file_size: 1_339, width: 90, height: 67 },
          { file_id: 'AgACAgUAAxkBAAIBZ2VwAAF', file_unique_id: 'AQADxrkxG-', file_size: 54_291, width: 800, height: 600 },
        ],
        caption: 'ini boleh?',
      },
      options,
    ),
  };
}

export function voiceUpdate(options: MessageOptions = {}) {
  return {
    update_id: options.updateId ?? newUpdateId(),
    message: message({ voice: { duration: 4, mime_type: 'audio/ogg', file_id: 'AwACAgUAAxkBAAIB', file_unique_id: 'AgADhQ8AAk', file_size: 12_000 } }, options),
  };
}

export function locationUpdate(options: MessageOptions = {}) {
  return {
    update_id: options.updateId ?? newUpdateId(),
    message: message({ location: { latitude: -6.2, longitude: 106.816666 } }, options),
  };
}

export function newMembersUpdate() {
  return {
    update_id: newUpdateId(),
    message: message({ new_chat_members: [OTHER_PERSON], new_chat_member: OTHER_PERSON, new_chat_participant: OTHER_PERSON }, { chat: GROUP_CHAT }),
  };
}

export function editedTextUpdate(text: string, options: MessageOptions = {}) {
  const original = message({ text }, options);
  return { update_id: options.updateId ?? newUpdateId(), edited_message: { ...original, edit_date: DATE + 30 } };
}

export function channelPostUpdate(text: string) {
  return {
    update_id: newUpdateId(),
    channel_post: {
      message_id: (nextMessageId += 1),
      sender_chat: { id: -1_009_876_543_210, title: 'Info Kepegawaian', type: 'channel' },
      chat: { id: -1_009_876_543_210, title: 'Info Kepegawaian', type: 'channel' },
      date: DATE,
      text,
    },
  };
}

/** An update type Netra does not know (a poll answer) with the shape Telegram uses. */
export function pollAnswerUpdate() {
  return { update_id: newUpdateId(), poll_answer: { poll_id: '5436111', user: PERSON, option_ids: [1] } };
}

/** A button press on one of the bot's own messages (the message carries the keyboard it was sent with). */
export function callbackUpdate(
  data: string,
  options: { from?: typeof PERSON; chat?: typeof PRIVATE_CHAT | typeof GROUP_CHAT; keyboard?: unknown; updateId?: number } = {},
) {
  const from = options.from ?? PERSON;
  const chat = options.chat ?? { ...PRIVATE_CHAT, id: from.id };
  return {
    update_id: options.updateId ?? newUpdateId(),
    callback_query: {
      id: `4382${(nextMessageId += 1)}`,
      from,
      message: {
        message_id: 5_001,
        from: { id: FAKE_BOT.id, is_bot: true, first_name: FAKE_BOT.first_name, username: FAKE_BOT.username },
        chat,
        date: DATE,
        text: '❌ Dilarang — Like, komentar, atau share unggahan calon',
        ...(options.keyboard ? { reply_markup: { inline_keyboard: options.keyboard } } : {}),
      },
      chat_instance: '-8395720357201865',
      data,
    },
  };
}
