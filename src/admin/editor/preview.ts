import { renderReply } from '../../channels/telegram/render.js';
import { toApiResponse } from '../../channels/web.js';
import { renderWhatsAppText } from '../../channels/whatsapp/render.js';
import type { Reply } from '../../core/types.js';
import { diffEntries, type FieldChange } from '../../kb/diff.js';
import { MAX_ANSWER_CHARS } from '../../kb/schema.js';
import type { KnowledgeSnapshot } from '../../kb/snapshot.js';
import type { KnowledgeEntry } from '../../kb/types.js';

export interface Preview {
  characters: number;
  limit: number;
  telegram: { html: string; buttons: string[] }[];
  whatsapp: string;
  web: ReturnType<typeof toApiResponse>;
  changes: FieldChange[];
}

/**
 * The answer a draft would give, rendered by each channel's own renderer, so the preview is exactly
 * what the channels send. Related titles and the disclaimer come from the live snapshot. Pure.
 */
export function buildPreview(draft: KnowledgeEntry, live: Pick<KnowledgeSnapshot, 'entries' | 'texts'>, base: KnowledgeEntry | null): Preview {
  const answer = draft.answer.trim();
  const reply: Reply = {
    kind: 'answer',
    queryId: '00000000-0000-4000-8000-000000000000',
    entry: { id: draft.id, title: draft.title, verdict: draft.verdict },
    answer,
    sources: draft.sources,
    related: draft.related.flatMap((id) => {
      const other = live.entries.get(id);
      return other ? [{ id: other.id, title: other.title, verdict: other.verdict }] : [];
    }),
    disclaimer: live.texts.disclaimer,
    score: 1,
    // A preview is never rated: no asker to bind a rating to.
    feedbackTag: '',
  };
  return {
    characters: answer.length,
    limit: MAX_ANSWER_CHARS,
    telegram: renderReply(reply).map((m) => ({ html: m.html, buttons: (m.keyboard ?? []).flat().map((b) => b.text) })),
    whatsapp: renderWhatsAppText(reply),
    web: toApiResponse(reply),
    changes: diffEntries(base, { ...draft, answer }),
  };
}
