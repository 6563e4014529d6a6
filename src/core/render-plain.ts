import { formatSource, sourceBlocks } from './sources.js';
import type { Reply } from './types.js';
import { verdictLabel } from './verdict.js';

/** Renders a reply as plain text, the way the CLI (and any text-only channel) shows it. */
export function renderPlainText(reply: Reply): string {
  switch (reply.kind) {
    case 'answer': {
      const lines = [`${verdictLabel(reply.entry.verdict)} — ${reply.entry.title}`, '', reply.answer];
      for (const block of sourceBlocks(reply.sources)) {
        lines.push('', `${block.heading}:`, ...block.sources.map((source) => `- ${formatSource(source)}`));
      }
      if (reply.related.length > 0) {
        lines.push('', 'Topik terkait:');
        for (const r of reply.related) lines.push(`- ${r.title}`);
      }
      lines.push('', reply.disclaimer);
      return lines.join('\n');
    }
    case 'clarify':
      return [reply.text, ...reply.suggestions.map((s, i) => `${i + 1}. ${s.title}`)].join('\n');
    case 'topics':
      return [
        reply.text,
        ...reply.categories.flatMap((c) =>
          reply.categories.length === 1 ? c.entries.map((e) => `- ${e.title}`) : [`- ${c.title} (${c.entries.length} topik)`],
        ),
      ].join('\n');
    case 'fallback':
      return reply.text;
    case 'text':
      return [reply.text, ...reply.suggestions.map((s) => `- ${s.title}`)].join('\n');
  }
}
