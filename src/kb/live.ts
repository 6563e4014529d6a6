import type { Db } from '../db/client.js';
import { liveCategories, liveTexts } from './documents.js';
import { loadLiveEntries } from './repository.js';
import type { CategoryInfo } from './snapshot.js';
import type { ChatTexts, KnowledgeEntry } from './types.js';

/** Everything the live snapshot is built from, as published in the database. */
export interface LiveKnowledge {
  /** Entries that are not archived, by id. */
  entries: KnowledgeEntry[];
  texts: ChatTexts;
  categories: CategoryInfo[];
}

export async function loadLiveKnowledge(db: Db): Promise<LiveKnowledge> {
  const [entries, texts, categories] = await Promise.all([loadLiveEntries(db), liveTexts(db), liveCategories(db)]);
  return { entries: entries.map((l) => l.entry), texts, categories };
}
