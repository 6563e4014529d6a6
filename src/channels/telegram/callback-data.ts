import { createHash } from 'node:crypto';
import { FEEDBACK_TAG } from '../../core/feedback-tag.js';
import type { Rating } from '../../core/types.js';

/** Telegram rejects a button whose callback_data is longer than 64 bytes. */
export const MAX_CALLBACK_BYTES = 64;

/**
 * What a button press asks for. An entry or category is named by a *ref*: its id when the id fits in the
 * button, otherwise `#` + a short hash of the id (ids are kebab-case, so `#` never collides), resolved
 * against the live knowledge when pressed. Stateless, so any replica can answer any button.
 */
export type CallbackAction =
  | { kind: 'entry'; ref: string }
  /** An empty ref means "all categories". */
  | { kind: 'category'; ref: string }
  /** `tag` proves the presser asked the query (see core/feedback-tag.ts). */
  | { kind: 'feedback'; rating: Rating; queryId: string; tag: string; entryRef?: string };

const HASH_REF_LENGTH = 12;
/** Feedback rows have a uuid query id; anything else could never be stored, so it is refused up front. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

export function hashRef(id: string): string {
  return `#${createHash('sha256').update(id).digest('base64url').slice(0, HASH_REF_LENGTH)}`;
}

/** The id itself when it fits in `budget` bytes, else its hash ref. */
export function refFor(id: string, budget: number): string {
  return byteLength(id) <= budget && !id.startsWith('#') ? id : hashRef(id);
}

/** The id a ref names among `ids`, or undefined when nothing matches (the entry was removed). */
export function resolveRef(ref: string, ids: Iterable<string>): string | undefined {
  if (!ref.startsWith('#')) {
    for (const id of ids) if (id === ref) return id;
    return undefined;
  }
  for (const id of ids) if (hashRef(id) === ref) return id;
  return undefined;
}

export function entryButtonData(entryId: string): string {
  return `e:${refFor(entryId, MAX_CALLBACK_BYTES - 2)}`;
}

export function categoryButtonData(categoryId: string | null): string {
  return categoryId === null ? 'c:' : `c:${refFor(categoryId, MAX_CALLBACK_BYTES - 2)}`;
}

/**
 * `f:+:<queryId>:<tag>` or `f:+:<queryId>:<tag>:<entryRef>` (49 bytes before the ref, leaving 14 for
 * it: a hash ref fits); undefined when the query id is not a UUID or the tag is malformed.
 */
export function feedbackButtonData(rating: Rating, queryId: string, tag: string, entryId: string | null): string | undefined {
  if (!UUID.test(queryId) || !FEEDBACK_TAG.test(tag)) return undefined;
  const base = `f:${rating === 1 ? '+' : '-'}:${queryId}:${tag}`;
  if (entryId === null) return base;
  const budget = MAX_CALLBACK_BYTES - byteLength(base) - 1;
  const ref = refFor(entryId, budget);
  return byteLength(ref) <= budget ? `${base}:${ref}` : base;
}

/** Parses callback_data from our own buttons; anything else (old formats, tampering) is null. */
export function parseCallbackData(data: string): CallbackAction | null {
  if (byteLength(data) > MAX_CALLBACK_BYTES) return null;
  if (data.startsWith('e:')) {
    const ref = data.slice(2);
    return ref ? { kind: 'entry', ref } : null;
  }
  if (data.startsWith('c:')) return { kind: 'category', ref: data.slice(2) };
  // Buttons from before feedback tags (no tag) no longer parse: they answer as stale.
  const feedback = /^f:([+-]):([^:]+):([A-Za-z0-9_-]{8})(?::(.+))?$/.exec(data);
  if (feedback && UUID.test(feedback[2] ?? '')) {
    const [, sign, queryId, tag, entryRef] = feedback;
    return {
      kind: 'feedback',
      rating: sign === '+' ? 1 : -1,
      queryId: queryId ?? '',
      tag: tag ?? '',
      ...(entryRef ? { entryRef } : {}),
    };
  }
  return null;
}
