import type { ChannelName, ChatType } from '../core/types.js';

export type QueryStatus = 'answered' | 'clarify' | 'fallback' | 'command';

/** One handled message, as the core hands it to the query log. */
export interface QueryLogRecord {
  /** UUID generated at enqueue time: a replay after an outage never duplicates a row. */
  id: string;
  createdAt: Date;
  channel: ChannelName;
  chatType: ChatType;
  userKey: string;
  /** First 1,000 characters of what the user sent. */
  text: string;
  normalized: string;
  status: QueryStatus;
  entryId: string | null;
  score: number;
  candidates: { entryId: string; score: number }[];
  latencyMs: number;
  knowledgeVersion: string;
}

export interface FeedbackRecord {
  id: string;
  queryId: string;
  createdAt: Date;
  channel: ChannelName;
  userKey: string;
  entryId: string | null;
  rating: 1 | -1;
}

/** Where the core puts records: enqueue only, never awaited on the reply path. */
export interface QueryLogSink {
  logQuery(record: QueryLogRecord): void;
  logFeedback(record: FeedbackRecord): void;
}
