import type { Reply } from '../../core/types.js';
import { numberedOptions, type NumberedOption } from './numbered-context.js';
import { answerBody, answerFooter, markdownToWhatsApp, numberedList, renderWhatsAppText, replyHint } from './render.js';

/**
 * Pure rendering of a Reply as WhatsApp Cloud API message payloads. Choices become reply buttons (up to 3) or
 * a list (up to 10 rows), and the body still numbers them, so typing "2" works as well as tapping.
 * Meta's limits: text 4096, interactive body 1024, button title 20, list row title 24, row description 72,
 * list button 20, section title 24, ids 200 characters.
 */

export const LIMITS = { text: 4096, body: 1024, buttonTitle: 20, rowTitle: 24, rowDescription: 72, listButton: 20, sectionTitle: 24, id: 200, buttons: 3, rows: 10 } as const;

export type GraphMessage = Record<string, unknown> & { messaging_product: 'whatsapp' };

/** Cuts to `max` characters (code points, so an emoji is never split), marking the cut with "…". */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('').trimEnd()}…`;
}

/** Button / list-row ids: `e:<entryId>` answers an entry, `c:<categoryId>` lists a category. */
export function interactiveId(option: NumberedOption): string {
  return truncate(`${option.kind === 'entry' ? 'e' : 'c'}:${option.id}`, LIMITS.id);
}

export function parseInteractiveId(id: string, title = ''): NumberedOption | null {
  const match = /^([ec]):([a-z0-9][a-z0-9-]{0,99})$/.exec(id);
  if (!match?.[2]) return null;
  return { kind: match[1] === 'e' ? 'entry' : 'category', id: match[2], title };
}

export function textMessage(to: string, body: string): GraphMessage {
  return { messaging_product: 'whatsapp', recipient_type: 'individual', to, type: 'text', text: { preview_url: false, body: truncate(body, LIMITS.text) } };
}

/** Marks the user's message read and shows "typing…" until we answer (Meta's typing indicator). */
export function readWithTyping(messageId: string): GraphMessage {
  return { messaging_product: 'whatsapp', status: 'read', message_id: messageId, typing_indicator: { type: 'text' } };
}

/** An interactive message offering `options`; null when there are too many for a list (send numbered text). */
export function choiceMessage(to: string, body: string, options: NumberedOption[], listButton = 'Pilih topik'): GraphMessage | null {
  const interactiveBody = { text: truncate(body, LIMITS.body) };
  if (options.length === 0 || options.length > LIMITS.rows) return null;
  const base = { messaging_product: 'whatsapp' as const, recipient_type: 'individual', to, type: 'interactive' };
  if (options.length <= LIMITS.buttons) {
    return {
      ...base,
      interactive: {
        type: 'button',
        body: interactiveBody,
        action: {
          // Numbered, so truncated titles stay distinct (Meta rejects duplicate button titles).
          buttons: options.map((o, i) => ({ type: 'reply', reply: { id: interactiveId(o), title: truncate(`${i + 1}. ${o.title}`, LIMITS.buttonTitle) } })),
        },
      },
    };
  }
  return {
    ...base,
    interactive: {
      type: 'list',
      body: interactiveBody,
      action: {
        button: truncate(listButton, LIMITS.listButton),
        sections: [
          {
            title: truncate('Pilihan', LIMITS.sectionTitle),
            rows: options.map((o, i) => ({
              id: interactiveId(o),
              title: truncate(`${i + 1}. ${o.title}`, LIMITS.rowTitle),
              description: truncate(o.title, LIMITS.rowDescription),
            })),
          },
        ],
      },
    },
  };
}

/** A prompt plus its numbered choices, as buttons/list when they fit, otherwise as numbered text. */
function withChoices(to: string, prompt: string, options: NumberedOption[], action: string): GraphMessage {
  const body = [prompt, numberedList(options), `${replyHint(options.length)}, atau ${action}.`].join('\n\n');
  return choiceMessage(to, body, options) ?? textMessage(to, [prompt, numberedList(options), `${replyHint(options.length)}.`].join('\n\n'));
}

export function renderCloudMessages(reply: Reply, to: string): GraphMessage[] {
  const options = numberedOptions(reply);
  switch (reply.kind) {
    case 'answer': {
      const messages = [textMessage(to, `${answerBody(reply)}\n\n${answerFooter(reply)}`)];
      if (options.length > 0) messages.push(withChoices(to, '*Topik terkait:*', options, 'pilih di bawah'));
      return messages;
    }
    case 'clarify':
    case 'text':
      if (options.length === 0) return [textMessage(to, renderWhatsAppText(reply))];
      return [withChoices(to, markdownToWhatsApp(reply.text), options, 'pilih di bawah')];
    case 'topics':
      if (options.length === 0) return [textMessage(to, markdownToWhatsApp(reply.text))];
      if (options.length > LIMITS.rows) return [textMessage(to, renderWhatsAppText(reply))];
      return [withChoices(to, markdownToWhatsApp(reply.text), options, 'pilih di bawah')];
    case 'fallback':
      return [textMessage(to, markdownToWhatsApp(reply.text))];
  }
}
