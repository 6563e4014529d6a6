import { createHash } from 'node:crypto';
import type { Matcher } from '../matcher/types.js';
import type { ChatTexts, KnowledgeEntry } from './types.js';

export interface CategoryInfo {
  id: string;
  title: string;
}

/** Texts the conversation cannot do without; loading fails when one is missing. */
export const REQUIRED_TEXTS = ['welcome', 'fallback', 'disclaimer', 'lapor', 'bantuan', 'privasi'] as const;
export type RequiredText = (typeof REQUIRED_TEXTS)[number];

/** Everything the core needs to answer, built once per knowledge change and swapped atomically. */
export interface KnowledgeSnapshot {
  /** Short content hash of the live entries: logged with each query, compared across replicas. */
  version: string;
  entries: ReadonlyMap<string, KnowledgeEntry>;
  categories: CategoryInfo[];
  texts: Record<RequiredText, string> & ChatTexts;
  matcher: Matcher;
}

export function knowledgeVersion(entries: KnowledgeEntry[]): string {
  const hash = createHash('sha256');
  for (const entry of [...entries].sort((a, b) => a.id.localeCompare(b.id))) hash.update(JSON.stringify(entry));
  return hash.digest('hex').slice(0, 12);
}

export function missingTexts(texts: ChatTexts): RequiredText[] {
  return REQUIRED_TEXTS.filter((name) => !texts[name]?.trim());
}

export function buildSnapshot(input: {
  entries: KnowledgeEntry[];
  texts: ChatTexts;
  categories: CategoryInfo[];
  buildMatcher: (entries: KnowledgeEntry[]) => Matcher;
}): KnowledgeSnapshot {
  const missing = missingTexts(input.texts);
  if (missing.length > 0) throw new Error(`knowledge/texts is missing: ${missing.map((m) => `${m}.md`).join(', ')}`);
  // Categories without a title in categories.yaml still show, under their id.
  const known = new Set(input.categories.map((c) => c.id));
  const extra = [...new Set(input.entries.map((e) => e.category))].filter((c) => !known.has(c)).sort();
  const categories = [...input.categories, ...extra.map((id) => ({ id, title: id }))].filter((c) =>
    input.entries.some((e) => e.category === c.id),
  );
  return {
    version: knowledgeVersion(input.entries),
    entries: new Map(input.entries.map((e) => [e.id, e])),
    categories,
    texts: input.texts as KnowledgeSnapshot['texts'],
    matcher: input.buildMatcher(input.entries),
  };
}

/** Holds the live snapshot; replacing it is one assignment, so a request sees either the old or the new one. */
export class KnowledgeHolder {
  #current: KnowledgeSnapshot | undefined;

  current(): KnowledgeSnapshot {
    if (!this.#current) throw new Error('knowledge is not loaded yet');
    return this.#current;
  }

  isLoaded(): boolean {
    return this.#current !== undefined;
  }

  replace(next: KnowledgeSnapshot): void {
    this.#current = next;
  }
}
