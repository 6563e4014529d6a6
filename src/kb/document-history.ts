import { diffCategories, diffText, type FieldChange } from './diff.js';
import type { DocumentVersion } from './documents.js';
import type { CategoryInfo } from './snapshot.js';

/** One version of a chat text or of the category list as the console lists it: who, when, and what it changed. */
export interface HistoryItem {
  version: number;
  author: string;
  at: Date;
  changes: FieldChange[];
}

/**
 * Each version's change against the one before it, newest first. `versions` is newest first and may hold
 * one version more than is listed (the one the oldest listed changed); the first version ever changes
 * everything from nothing. Pure.
 */
export function historyOf<T>(versions: DocumentVersion[], show: number, read: (data: unknown) => T, diff: (before: T | null, after: T) => FieldChange[]): HistoryItem[] {
  return versions.slice(0, show).map((v, i) => {
    const before = versions[i + 1];
    const earlier = before ? read(before.data) : null;
    return { version: v.version, author: v.author, at: v.at, changes: v.version === 1 ? diff(null, read(v.data)) : before ? diff(earlier, read(v.data)) : [] };
  });
}

export const textHistory = (versions: DocumentVersion[], show: number) => historyOf(versions, show, (d) => (d as { text: string }).text, diffText);

export const categoriesHistory = (versions: DocumentVersion[], show: number) => historyOf(versions, show, (d) => d as CategoryInfo[], diffCategories);
