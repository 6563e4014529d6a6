import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import type { CategoryInfo } from './snapshot.js';

export const categoriesSchema = z.array(z.strictObject({ id: z.string().min(1), title: z.string().min(1) }));

/** Reads `knowledge/categories.yaml` (menu order and titles); a missing file means no titles. */
export async function loadCategories(knowledgeDir: string): Promise<CategoryInfo[]> {
  let text: string;
  try {
    text = await readFile(join(knowledgeDir, 'categories.yaml'), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return categoriesSchema.parse(parse(text));
}
