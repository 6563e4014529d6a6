import type { LegalSource, Verdict } from '../kb/types.js';

export type ChannelName = 'telegram' | 'whatsapp' | 'web' | 'cli';
export type ChatType = 'private' | 'group';

/** One message from any channel, already translated by its adapter. */
export interface Incoming {
  channel: ChannelName;
  /** Pseudonymous user key (see pseudonym.ts); never a raw platform id. */
  userKey: string;
  chatType: ChatType;
  /** What the user typed. For a command, the text after the command name. */
  text: string;
  /** Set when the user sent a command such as /start (without the slash), in lower case. */
  command?: string;
  /** Set when the user picked an entry from a button or a numbered list instead of typing. */
  entryId?: string;
}

export interface EntrySummary {
  id: string;
  title: string;
  verdict: Verdict;
}

export interface TopicCategory {
  id: string;
  title: string;
  entries: EntrySummary[];
}

/** What the core decided; each channel renders it in its own format. Texts are Markdown (**bold**, - lists). */
export type Reply =
  | {
      kind: 'answer';
      queryId: string;
      entry: EntrySummary;
      answer: string;
      sources: LegalSource[];
      related: EntrySummary[];
      disclaimer: string;
      score: number;
      /** Proof, required with a 👍/👎 on this answer, that the rater is the asker (see feedback-tag.ts). */
      feedbackTag: string;
    }
  | { kind: 'clarify'; queryId: string; text: string; suggestions: EntrySummary[]; score: number }
  | { kind: 'fallback'; queryId: string; text: string; score: number }
  /** /topik without an argument: the categories; with one: that category's entries. */
  | { kind: 'topics'; queryId: string; text: string; categories: TopicCategory[] }
  /** Any other command or notice: plain text, optionally with topic buttons. */
  | { kind: 'text'; queryId: string; text: string; suggestions: EntrySummary[] };

export type Rating = 1 | -1;

export interface FeedbackInput {
  queryId: string;
  channel: ChannelName;
  userKey: string;
  rating: Rating;
}
