import { maskPersonalData } from './personal-data.js';
import type { FeedbackRecord, QueryLogRecord } from './types.js';

/** Only the first 1,000 characters of a message are ever stored. */
export const MAX_LOGGED_CHARS = 1000;
/** The normalised text is indexed for the reports; a B-tree entry must stay well under ~2,700 bytes. */
export const MAX_NORMALIZED_CHARS = 300;

/** Postgres rejects NUL in text; one such row would otherwise block its whole batch forever. */
function storableText(text: unknown, max = MAX_LOGGED_CHARS): string {
  if (typeof text !== 'string') return '';
  // The core masks before matching; masking again here guards records from any other writer.
  return maskPersonalData(text.replace(/\u0000/g, '')).slice(0, max);
}

function finite(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

function validDate(value: unknown): Date {
  const date = value instanceof Date ? value : new Date(String(value));
  return Number.isNaN(date.getTime()) ? new Date() : date;
}

/** A query record as it may be stored: bounded, redacted, with only values the table accepts. */
export function storableQuery(record: QueryLogRecord): QueryLogRecord {
  return {
    id: record.id,
    createdAt: validDate(record.createdAt),
    channel: record.channel,
    chatType: record.chatType === 'group' ? 'group' : 'private',
    userKey: String(record.userKey),
    text: storableText(record.text),
    normalized: storableText(record.normalized, MAX_NORMALIZED_CHARS),
    status: record.status,
    entryId: record.entryId ?? null,
    score: finite(record.score),
    candidates: Array.isArray(record.candidates)
      ? record.candidates.slice(0, 3).map((c) => ({ entryId: String(c.entryId), score: finite(c.score) }))
      : [],
    latencyMs: finite(record.latencyMs),
    knowledgeVersion: String(record.knowledgeVersion ?? ''),
  };
}

export function storableFeedback(record: FeedbackRecord): FeedbackRecord {
  return {
    id: record.id,
    queryId: record.queryId,
    createdAt: validDate(record.createdAt),
    channel: record.channel,
    userKey: String(record.userKey),
    entryId: record.entryId ?? null,
    rating: record.rating === 1 ? 1 : -1,
  };
}
