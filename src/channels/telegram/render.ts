import type { InlineKeyboardButton } from 'grammy/types';
import { formatSource, sourceBlocks } from '../../core/sources.js';
import type { EntrySummary, Reply } from '../../core/types.js';
import { verdictLabel } from '../../core/verdict.js';
import { categoryButtonData, entryButtonData, feedbackButtonData } from './callback-data.js';
import { inlineSpans, markdownLines, MAX_MESSAGE_LENGTH, packMessages, safeHref, type Line } from './html.js';
import { TELEGRAM_TEXTS } from './texts.js';

/** One Telegram message to send: HTML text (parse_mode HTML) and an optional inline keyboard. */
export interface TelegramMessage {
  html: string;
  keyboard?: InlineKeyboardButton[][];
}

/** Telegram refuses larger inline keyboards; a category never comes close, but a bad import must not break /topik. */
const MAX_BUTTONS = 100;

/**
 * Renders a core Reply as Telegram messages: usually one, more when the text is over Telegram's
 * limit. The keyboard goes on the last message, right under the end of the text.
 */
export function renderReply(reply: Reply, limit = MAX_MESSAGE_LENGTH): TelegramMessage[] {
  const { lines, keyboard } = layout(reply);
  const parts = packMessages(lines, limit);
  const messages: TelegramMessage[] = parts.map((html) => ({ html }));
  if (messages.length === 0) messages.push({ html: '…' });
  if (keyboard.length > 0) (messages[messages.length - 1] as TelegramMessage).keyboard = capButtons(keyboard);
  return messages;
}

/** A plain notice from the adapter itself, escaped like everything else. */
export function renderNotice(text: string): TelegramMessage[] {
  return packMessages(markdownLines(text)).map((html) => ({ html }));
}

function layout(reply: Reply): { lines: Line[]; keyboard: InlineKeyboardButton[][] } {
  switch (reply.kind) {
    case 'answer': {
      const lines: Line[] = [
        [{ text: verdictLabel(reply.entry.verdict), bold: true }, { text: ' — ' }, { text: reply.entry.title, bold: true }],
        [],
        ...markdownLines(reply.answer),
      ];
      for (const block of sourceBlocks(reply.sources)) {
        lines.push([], [{ text: `${block.heading}:`, bold: true }]);
        for (const source of block.sources) {
          const href = safeHref(source.url);
          lines.push(
            href
              ? [{ text: '• ' }, { text: source.title, href }, { text: `, ${source.ref}` }]
              : [{ text: `• ${formatSource(source)}` }],
          );
        }
      }
      lines.push([], ...markdownLines(reply.disclaimer, { italic: true }), [], inlineSpans(TELEGRAM_TEXTS.feedbackPrompt));
      const feedback = [
        feedbackButton(TELEGRAM_TEXTS.feedbackUp, feedbackButtonData(1, reply.queryId, reply.feedbackTag, reply.entry.id)),
        feedbackButton(TELEGRAM_TEXTS.feedbackDown, feedbackButtonData(-1, reply.queryId, reply.feedbackTag, reply.entry.id)),
      ].filter((b): b is InlineKeyboardButton => b !== undefined);
      return { lines, keyboard: [...entryRows(reply.related), ...(feedback.length === 2 ? [feedback] : [])] };
    }
    case 'clarify':
      return { lines: markdownLines(reply.text), keyboard: entryRows(reply.suggestions) };
    case 'fallback':
      return { lines: markdownLines(reply.text), keyboard: [[{ text: TELEGRAM_TEXTS.allTopics, callback_data: categoryButtonData(null) }]] };
    case 'text':
      return { lines: markdownLines(reply.text), keyboard: entryRows(reply.suggestions) };
    case 'topics': {
      const lines = markdownLines(reply.text);
      const [only] = reply.categories;
      if (reply.categories.length === 1 && only) {
        return {
          lines,
          keyboard: [...entryRows(only.entries), [{ text: TELEGRAM_TEXTS.backToCategories, callback_data: categoryButtonData(null) }]],
        };
      }
      return {
        lines,
        keyboard: reply.categories.map((c) => [{ text: `${c.title} (${c.entries.length})`, callback_data: categoryButtonData(c.id) }]),
      };
    }
  }
}

/** One entry per row: titles are long, and a full-width button is easy to hit on a phone. */
function entryRows(entries: EntrySummary[]): InlineKeyboardButton[][] {
  return entries.map((e) => [{ text: e.title, callback_data: entryButtonData(e.id) }]);
}

function feedbackButton(text: string, data: string | undefined): InlineKeyboardButton | undefined {
  return data === undefined ? undefined : { text, callback_data: data };
}

function capButtons(keyboard: InlineKeyboardButton[][]): InlineKeyboardButton[][] {
  const rows: InlineKeyboardButton[][] = [];
  let count = 0;
  for (const row of keyboard) {
    if (count + row.length > MAX_BUTTONS) break;
    rows.push(row);
    count += row.length;
  }
  return rows;
}

/** The keyboard left after a feedback press: the same buttons without the 👍/👎 row. */
export function withoutFeedbackButtons(keyboard: InlineKeyboardButton[][]): InlineKeyboardButton[][] {
  return keyboard
    .map((row) => row.filter((b) => !('callback_data' in b && typeof b.callback_data === 'string' && b.callback_data.startsWith('f:'))))
    .filter((row) => row.length > 0);
}
