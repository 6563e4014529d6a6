import { fileURLToPath } from 'node:url';
import { loadKnowledgeDir } from '../../src/kb/load.js';
import type { KnowledgeSnapshot } from '../../src/kb/snapshot.js';

export const KNOWLEDGE_DIR = fileURLToPath(new URL('../../knowledge', import.meta.url));

/** The real knowledge base (files, texts, lexicon) with the real matcher, as the server would load it. */
export async function realKnowledgeSnapshot(): Promise<KnowledgeSnapshot> {
  // Imported lazily so tests that only need the directory do not load the matcher.
  const { knowledgeSources } = await import('../../src/kb/service.js');
  const loaded = await loadKnowledgeDir(KNOWLEDGE_DIR);
  const sources = await knowledgeSources(KNOWLEDGE_DIR, loaded.texts);
  return sources.snapshotFrom(loaded.entries);
}
