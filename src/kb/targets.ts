import { checkCategories, checkEntry, checkText } from './entry-check.js';
import { CATEGORIES_KEY, liveCategories, textKey } from './documents.js';
import type { CategoryInfo } from './snapshot.js';
import type { KnowledgeEntry } from './types.js';
import { documentTarget, entryTarget, liveEntriesExcept, type Target } from './versioned.js';

/** The versioned things the editor saves, each with the validation that applies to it. */

export function entryTargetFor(id: string): Target<KnowledgeEntry> {
  return entryTarget(id, async (tx, data) => {
    const [others, categories] = await Promise.all([liveEntriesExcept(tx, id), liveCategories(tx)]);
    return checkEntry(data, { others, categories });
  });
}

export function textTargetFor(name: string): Target<{ text: string }> {
  return documentTarget(textKey(name), async (_tx, data) => {
    const checked = checkText(name, (data as { text?: unknown } | null)?.text);
    return checked.ok ? { ok: true, value: { text: checked.value } } : checked;
  });
}

export function categoriesTarget(): Target<CategoryInfo[]> {
  return documentTarget(CATEGORIES_KEY, async (tx, data) => checkCategories(data, await liveEntriesExcept(tx, '')));
}

/** The target a proposal refers to (`entry:<id>`, `text:<name>`, `categories`). */
export function targetFor(key: string): Target<unknown> {
  if (key.startsWith('entry:')) return entryTargetFor(key.slice('entry:'.length)) as Target<unknown>;
  if (key.startsWith('text:')) return textTargetFor(key.slice('text:'.length)) as Target<unknown>;
  if (key === CATEGORIES_KEY) return categoriesTarget() as Target<unknown>;
  throw new Error(`unknown knowledge target ${key}`);
}
