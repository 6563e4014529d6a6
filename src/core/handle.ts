import { randomBytes, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { maskPersonalData } from '../analytics/personal-data.js';
import type { QueryLogRecord, QueryLogSink, QueryStatus } from '../analytics/types.js';
import type { KnowledgeSnapshot } from '../kb/snapshot.js';
import type { KnowledgeEntry } from '../kb/types.js';
import type { MatchResult } from '../matcher/types.js';
import { clarifyText } from './clarify-text.js';
import { feedbackTag, feedbackTagMatches } from './feedback-tag.js';
import { detectSmallTalk } from './smalltalk.js';
import type { EntrySummary, FeedbackInput, Incoming, Reply, TopicCategory } from './types.js';

/** Only the first 1,000 characters of a message are matched and logged. */
export const MAX_MATCHED_CHARS = 1000;

export interface CoreDeps {
  knowledge: () => KnowledgeSnapshot;
  log: QueryLogSink;
  now?: () => Date;
  newId?: () => string;
  /** Signs feedback tags; shared by replicas (derived from USER_KEY_SECRET). Random per process when unset. */
  feedbackSecret?: string;
}

export interface Core {
  handle(incoming: Incoming): Reply;
  /**
   * Records a 👍/👎 on an earlier answer, when `tag` (handed out with that answer) shows the rater is the
   * person who asked; false (nothing recorded) otherwise. A later rating of the same query by the same
   * person replaces the earlier one. The entry id is the one the rated reply showed, when known.
   */
  feedback(input: FeedbackInput & { entryId?: string | null; tag: string | null | undefined }): boolean;
}

const GREETING_TEXT = 'Halo! 👋 Silakan tulis pertanyaan Anda tentang netralitas ASN, misalnya "bolehkah ASN like postingan calon?", atau ketik /topik untuk melihat daftar topik.';
const THANKS_TEXT = 'Sama-sama! 🙏 Kalau ada pertanyaan lain soal netralitas ASN, tulis saja di sini.';
const EMPTY_TEXT = 'Pesan Anda kosong. Silakan tulis pertanyaan tentang netralitas ASN, atau ketik /topik untuk melihat daftar topik.';
const UNKNOWN_COMMAND_TEXT = 'Perintah itu tidak dikenal.';
const UNKNOWN_ENTRY_TEXT = 'Topik itu sudah tidak tersedia. Silakan tulis ulang pertanyaan Anda atau ketik /topik.';
const CATEGORY_PICK_TEXT = 'Pilih kategori topik:';

export function summarize(entry: KnowledgeEntry): EntrySummary {
  return { id: entry.id, title: entry.title, verdict: entry.verdict };
}

/** The channel-agnostic conversation: one message in, one reply out, one query-log record enqueued. */
export function createCore(deps: CoreDeps): Core {
  const now = deps.now ?? (() => new Date());
  const newId = deps.newId ?? randomUUID;
  const feedbackSecret = deps.feedbackSecret ?? randomBytes(32).toString('hex');

  function handle(incoming: Incoming): Reply {
    const kb = deps.knowledge();
    const queryId = newId();
    const tagFor = (id: string) => feedbackTag(feedbackSecret, id, incoming.userKey);
    // Masked first, on the raw text: matching, the normalised column and everything derived from them
    // only ever see "[nomor]" / "[email]", never the personal data itself.
    const text = maskPersonalData(incoming.text).trim().slice(0, MAX_MATCHED_CHARS);
    const started = performance.now();
    let match: MatchResult | null = null;
    let status: QueryStatus;
    let reply: Reply;

    if (incoming.command !== undefined) {
      status = 'command';
      reply = commandReply(kb, queryId, incoming.command, text);
    } else if (incoming.entryId !== undefined) {
      const entry = kb.entries.get(incoming.entryId);
      status = entry ? 'answered' : 'fallback';
      reply = entry ? answerReply(kb, queryId, entry, 1, tagFor(queryId)) : { kind: 'text', queryId, text: UNKNOWN_ENTRY_TEXT, suggestions: [] };
    } else if (text.length === 0) {
      status = 'fallback';
      reply = { kind: 'text', queryId, text: EMPTY_TEXT, suggestions: [] };
    } else {
      const smallTalk = detectSmallTalk(text);
      if (smallTalk) {
        status = 'command';
        reply = { kind: 'text', queryId, text: smallTalk === 'greeting' ? GREETING_TEXT : THANKS_TEXT, suggestions: [] };
      } else {
        match = kb.matcher.match(text);
        status = match.status;
        reply = matchReply(kb, queryId, match, tagFor(queryId));
      }
    }
    const latencyMs = performance.now() - started;

    const record: QueryLogRecord = {
      id: queryId,
      createdAt: now(),
      channel: incoming.channel,
      chatType: incoming.chatType,
      userKey: incoming.userKey,
      text: incoming.command !== undefined ? `/${incoming.command}${text ? ` ${text}` : ''}` : text || (incoming.entryId ?? ''),
      normalized: match?.normalized ?? '',
      status,
      entryId: reply.kind === 'answer' ? reply.entry.id : null,
      score: match?.score ?? (reply.kind === 'answer' ? 1 : 0),
      candidates: match?.candidates.map((c) => ({ entryId: c.entryId, score: c.score })) ?? [],
      latencyMs,
      knowledgeVersion: kb.version,
    };
    deps.log.logQuery(record);
    return reply;
  }

  function feedback(input: FeedbackInput & { entryId?: string | null; tag: string | null | undefined }): boolean {
    if (!feedbackTagMatches(feedbackSecret, input.queryId, input.userKey, input.tag)) return false;
    deps.log.logFeedback({
      id: newId(),
      queryId: input.queryId,
      createdAt: now(),
      channel: input.channel,
      userKey: input.userKey,
      entryId: input.entryId ?? null,
      rating: input.rating,
    });
    return true;
  }

  return { handle, feedback };
}

function matchReply(kb: KnowledgeSnapshot, queryId: string, match: MatchResult, feedbackTag: string): Reply {
  if (match.status === 'answered' && match.entry) return answerReply(kb, queryId, match.entry, match.score, feedbackTag);
  if (match.status === 'clarify' && match.suggestions.length > 0) {
    return { kind: 'clarify', queryId, text: clarifyText(match.suggestions), suggestions: match.suggestions.map(summarize), score: match.score };
  }
  return { kind: 'fallback', queryId, text: kb.texts.fallback, score: match.score };
}

function answerReply(kb: KnowledgeSnapshot, queryId: string, entry: KnowledgeEntry, score: number, feedbackTag: string): Reply {
  const related = entry.related.flatMap((id) => {
    const other = kb.entries.get(id);
    return other ? [summarize(other)] : [];
  });
  return {
    kind: 'answer',
    queryId,
    entry: summarize(entry),
    answer: entry.answer,
    sources: entry.sources,
    related,
    disclaimer: kb.texts.disclaimer,
    score,
    feedbackTag,
  };
}

function topicCategories(kb: KnowledgeSnapshot, only?: string): TopicCategory[] {
  return kb.categories
    .filter((c) => only === undefined || c.id === only)
    .map((c) => ({
      id: c.id,
      title: c.title,
      entries: [...kb.entries.values()].filter((e) => e.category === c.id).map(summarize),
    }));
}

function commandReply(kb: KnowledgeSnapshot, queryId: string, command: string, arg: string): Reply {
  switch (command) {
    case 'start':
      return { kind: 'topics', queryId, text: kb.texts.welcome, categories: topicCategories(kb) };
    case 'topik': {
      const wanted = arg.toLowerCase();
      const category = kb.categories.find((c) => c.id === wanted || c.title.toLowerCase() === wanted);
      if (category) {
        return { kind: 'topics', queryId, text: `Topik ${category.title}:`, categories: topicCategories(kb, category.id) };
      }
      return { kind: 'topics', queryId, text: CATEGORY_PICK_TEXT, categories: topicCategories(kb) };
    }
    case 'lapor':
    case 'bantuan':
    case 'privasi':
      return { kind: 'text', queryId, text: kb.texts[command], suggestions: [] };
    case 'help':
      return { kind: 'text', queryId, text: kb.texts.bantuan, suggestions: [] };
    default:
      return { kind: 'text', queryId, text: `${UNKNOWN_COMMAND_TEXT}\n\n${kb.texts.bantuan}`, suggestions: [] };
  }
}
