import { VERDICTS, type Verdict } from '../../kb/types.js';
import type { EntryRecord } from '../../kb/editor.js';

/** Search, filters and sorting of the entry list (page and API share them). Pure. */

export const SORT_KEYS = ['id', 'title', 'category', 'verdict', 'reviewed', 'updated'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export interface EntryQuery {
  q?: string;
  category?: string;
  verdict?: Verdict;
  /** Only entries last reviewed before this date (YYYY-MM-DD): what is due for a legal review. */
  reviewedBefore?: string;
  /** Only entries with (true) or without (false) a pending proposal. */
  pending?: boolean;
  /** Archived entries are listed only when asked for. */
  archived?: boolean;
  sort?: SortKey;
  dir?: 'asc' | 'desc';
}

/** Reads the list's query string leniently: an unknown value means "no filter", never an error page. */
export function parseEntryQuery(params: Record<string, string | undefined>): EntryQuery {
  const query: EntryQuery = {};
  const q = params.q?.trim();
  if (q) query.q = q.slice(0, 200);
  if (params.category && /^[a-z0-9-]{1,100}$/.test(params.category)) query.category = params.category;
  if (params.verdict && (VERDICTS as readonly string[]).includes(params.verdict)) query.verdict = params.verdict as Verdict;
  if (params.reviewedBefore && /^\d{4}-\d{2}-\d{2}$/.test(params.reviewedBefore)) query.reviewedBefore = params.reviewedBefore;
  if (params.pending === 'yes' || params.pending === 'no') query.pending = params.pending === 'yes';
  if (params.archived === 'yes') query.archived = true;
  if (params.sort && (SORT_KEYS as readonly string[]).includes(params.sort)) query.sort = params.sort as SortKey;
  if (params.dir === 'asc' || params.dir === 'desc') query.dir = params.dir;
  return query;
}

const fold = (s: string) => s.toLocaleLowerCase('id').normalize('NFKD').replace(/\p{M}/gu, '');

export function filterEntries(rows: EntryRecord[], query: EntryQuery): EntryRecord[] {
  const needle = query.q ? fold(query.q) : undefined;
  const kept = rows.filter((r) => {
    if (r.archived !== (query.archived ?? false)) return false;
    if (query.category && r.entry.category !== query.category) return false;
    if (query.verdict && r.entry.verdict !== query.verdict) return false;
    if (query.reviewedBefore && !(r.entry.reviewed < query.reviewedBefore)) return false;
    if (query.pending !== undefined && r.pendingProposals > 0 !== query.pending) return false;
    if (needle) {
      const haystack = fold([r.entry.id, r.entry.title, ...r.entry.questions, ...r.entry.keywords, r.entry.answer].join('\n'));
      if (!haystack.includes(needle)) return false;
    }
    return true;
  });
  const key = query.sort ?? 'title';
  const sign = query.dir === 'desc' ? -1 : 1;
  const value = (r: EntryRecord): string => (key === 'updated' ? r.at.toISOString() : r.entry[key]);
  return kept.sort((a, b) => sign * value(a).localeCompare(value(b), 'id') || a.entry.id.localeCompare(b.entry.id));
}
