import type { Db } from '../db/client.js';
import { loadCategories } from './categories.js';
import { loadKnowledgeDir } from './load.js';
import type { LiveKnowledge } from './publisher.js';
import { loadLiveEntries } from './repository.js';

/**
 * Live knowledge as the server has it today: entries from the database, chat texts and categories from
 * the knowledge directory (read once, at start-up, as the start-up snapshot did).
 */
export async function liveKnowledgeLoader(db: Db, knowledgeDir: string): Promise<() => Promise<LiveKnowledge>> {
  const [{ texts }, categories] = await Promise.all([loadKnowledgeDir(knowledgeDir), loadCategories(knowledgeDir)]);
  return async () => ({ entries: (await loadLiveEntries(db)).map((l) => l.entry), texts, categories });
}
