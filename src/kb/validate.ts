import { join } from 'node:path';
import { loadCategories } from './categories.js';
import { loadKnowledgeDir } from './load.js';
import type { Problem } from './parse.js';
import { loadMatcherData, MatcherDataError } from '../matcher/data.js';
import { missingTexts } from './snapshot.js';

/** Every problem in a knowledge directory: entries, chat texts, categories and the matcher's lexicon. Pure apart from reading the files. */
export async function validateKnowledgeDir(dir: string): Promise<{ problems: Problem[]; entryCount: number }> {
  const loaded = await loadKnowledgeDir(dir);
  const problems = [...loaded.problems];
  for (const name of missingTexts(loaded.texts)) {
    problems.push({ path: `texts/${name}.md`, line: 1, message: 'teks wajib ini tidak ada atau kosong' });
  }
  try {
    await loadCategories(dir);
  } catch (error) {
    problems.push({ path: 'categories.yaml', line: 1, message: `tidak valid: ${(error as Error).message.split('\n')[0]}` });
  }
  try {
    await loadMatcherData(dir);
  } catch (error) {
    if (!(error instanceof MatcherDataError)) throw error;
    problems.push(...error.problems);
  }
  return { problems: problems.map((p) => ({ ...p, path: join(dir, p.path) })), entryCount: loaded.entries.length };
}
