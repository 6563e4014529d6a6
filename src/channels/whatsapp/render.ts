import { formatSource, sourceBlocks } from '../../core/sources.js';
import type { Reply } from '../../core/types.js';
import { verdictLabel } from '../../core/verdict.js';
import { numberedOptions, type NumberedOption } from './numbered-context.js';

/** Pure rendering of a Reply as one WhatsApp text message (Baileys, and the Cloud API's text fallback). */

export const FEEDBACK_HINT = 'Apakah jawaban ini membantu? Balas 👍 atau 👎';
export const NON_TEXT_NOTE =
  'Maaf, Netra hanya bisa membaca pesan teks. Silakan tulis pertanyaan Anda, atau ketik /topik untuk melihat daftar topik.';

const BOLD = '\u0001';

/**
 * Our Markdown → WhatsApp formatting: **bold** → *bold*, *italic* / _italic_ → _italic_, ~~strike~~ → ~strike~,
 * `# heading` → *heading*, [text](url) → text (url). Lists ("- item", "1. item") are native in WhatsApp.
 */
export function markdownToWhatsApp(markdown: string): string {
  return markdown
    .replace(/\r\n?/g, '\n')
    .replace(/^#{1,6}\s+(.+?)\s*#*$/gm, `${BOLD}$1${BOLD}`)
    .replace(/\[([^\]\n]+)\]\((https?:\/\/[^)\s]+)\)/g, '$1 ($2)')
    .replace(/\*\*(?=\S)([^*\n]*?\S)\*\*/g, `${BOLD}$1${BOLD}`)
    .replace(/__(?=\S)([^_\n]*?\S)__/g, `${BOLD}$1${BOLD}`)
    .replace(/(^|[^*\w])\*(?=\S)([^*\n]*?\S)\*(?![*\w])/g, '$1_$2_')
    .replace(/~~(?=\S)([^~\n]*?\S)~~/g, '~$1~')
    .replaceAll(BOLD, '*');
}

/** "Balas 1", "Balas 1 atau 2", "Balas 1, 2 atau 3", … "Balas angka 1 sampai 12". */
export function replyHint(count: number): string {
  if (count <= 1) return 'Balas 1';
  if (count > 5) return `Balas angka 1 sampai ${count}`;
  const numbers = Array.from({ length: count }, (_, i) => String(i + 1));
  return `Balas ${numbers.slice(0, -1).join(', ')} atau ${numbers.at(-1)}`;
}

export function numberedList(options: NumberedOption[], describe: (option: NumberedOption) => string = (o) => o.title): string {
  return options.map((option, i) => `${i + 1}. ${describe(option)}`).join('\n');
}

export function answerHeadline(reply: Extract<Reply, { kind: 'answer' }>): string {
  return `${verdictLabel(reply.entry.verdict)} — *${reply.entry.title}*`;
}

/** The answer text without the related-topics part (the Cloud API sends those as buttons). */
export function answerBody(reply: Extract<Reply, { kind: 'answer' }>): string {
  const parts = [answerHeadline(reply), markdownToWhatsApp(reply.answer)];
  for (const block of sourceBlocks(reply.sources)) {
    parts.push([`*${block.heading}:*`, ...block.sources.map((s) => `- ${formatSource(s)}`)].join('\n'));
  }
  return parts.join('\n\n');
}

export function answerFooter(reply: Extract<Reply, { kind: 'answer' }>): string {
  return [markdownToWhatsApp(reply.disclaimer), FEEDBACK_HINT].filter((p) => p.trim() !== '').join('\n\n');
}

export function renderWhatsAppText(reply: Reply): string {
  const options = numberedOptions(reply);
  switch (reply.kind) {
    case 'answer': {
      const parts = [answerBody(reply)];
      if (options.length > 0) {
        parts.push(`*Topik terkait:*\n${numberedList(options)}\n${replyHint(options.length)} untuk membacanya.`);
      }
      parts.push(answerFooter(reply));
      return parts.join('\n\n');
    }
    case 'clarify':
      return [markdownToWhatsApp(reply.text), numberedList(options), `${replyHint(options.length)}.`].join('\n\n');
    case 'topics': {
      const counts = new Map(reply.categories.map((c) => [c.id, c.entries.length]));
      const describe = (o: NumberedOption) => (o.kind === 'category' ? `${o.title} (${counts.get(o.id) ?? 0} topik)` : o.title);
      if (options.length === 0) return markdownToWhatsApp(reply.text);
      return [markdownToWhatsApp(reply.text), numberedList(options, describe), `${replyHint(options.length)} untuk memilih.`].join('\n\n');
    }
    case 'text':
      if (options.length === 0) return markdownToWhatsApp(reply.text);
      return [markdownToWhatsApp(reply.text), numberedList(options), `${replyHint(options.length)} untuk memilih.`].join('\n\n');
    case 'fallback':
      return markdownToWhatsApp(reply.text);
  }
}
