import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { EntryFileRef, LiveEntry } from './repository.js';
import { parseKnowledgeFile } from './parse.js';
import { serializeEntry } from './serialize.js';

export interface ExportResult {
  written: string[];
  unchanged: string[];
  /** Files of entries archived in the console: left in place, a fresh database would import them live again. */
  removed: string[];
}

/**
 * Writes the live entries as knowledge files. A version imported from a file is written back byte
 * for byte; one edited in the database is serialised. Files whose bytes would not change are not touched.
 */
export async function exportEntries(live: LiveEntry[], dir: string, archived: EntryFileRef[] = []): Promise<ExportResult> {
  const result: ExportResult = { written: [], unchanged: [], removed: [] };
  for (const { entry, sourceText } of live) {
    const relativePath = `${entry.category}/${entry.id}.md`;
    const text = sourceText !== null && sameEntry(relativePath, sourceText, entry) ? sourceText : serializeEntry(entry);
    const path = join(dir, relativePath);
    const current = await readFile(path, 'utf8').catch(() => null);
    if (current === text) {
      result.unchanged.push(relativePath);
      continue;
    }
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text);
    result.written.push(relativePath);
  }
  for (const { id, category } of archived) {
    const relativePath = `${category}/${id}.md`;
    const current = await readFile(join(dir, relativePath), 'utf8').catch(() => null);
    // Only a file that really is this entry: a file of the same name for another id is not ours to delete.
    if (current === null || parseKnowledgeFile(relativePath, current).entry?.id !== id) continue;
    await rm(join(dir, relativePath));
    result.removed.push(relativePath);
  }
  return result;
}

/** The stored source text is only reused while it still parses to the live entry. */
function sameEntry(path: string, sourceText: string, entry: LiveEntry['entry']): boolean {
  const parsed = parseKnowledgeFile(path, sourceText).entry;
  // jsonb does not keep key order, so compare structurally.
  return parsed !== null && isDeepStrictEqual(parsed, entry);
}
