import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseCases, type EvalCase } from '../../matcher/evaluate.js';

/** The labelled question sets the matcher is measured on (see README, "Matcher and evaluation"). */
export interface LabelledSet {
  name: string;
  cases: EvalCase[];
}

export const LABELLED_SET_FILES = ['dev.jsonl', 'team-questions.jsonl'] as const;
const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/', import.meta.url));

let cached: Promise<LabelledSet[]> | undefined;

/** Reads both sets once; a deployment without the test folder has none (the impact preview says so). */
export function loadLabelledSets(dir = FIXTURES): Promise<LabelledSet[]> {
  if (dir !== FIXTURES) return readSets(dir);
  cached ??= readSets(dir);
  return cached;
}

async function readSets(dir: string): Promise<LabelledSet[]> {
  const sets: LabelledSet[] = [];
  for (const name of LABELLED_SET_FILES) {
    const text = await readFile(`${dir}${name}`, 'utf8').catch(() => null);
    if (text !== null) sets.push({ name, cases: parseCases(text, name) });
  }
  return sets;
}

/** Case, spacing and end punctuation do not make a question a different one. */
export function sameQuestionKey(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').replace(/[\s?!.,]+$/u, '').trim();
}

/**
 * The sets holding this question or one close to it: such a text must never become a phrasing (the
 * figures would then measure memory). Close is the rule of test/matcher/sets-apart.test.ts: the same
 * words, or, for questions of 4 words or more, at least 60 % of the two questions' words in common.
 */
export function labelledSetsContaining(sets: readonly LabelledSet[], text: string): string[] {
  const mine = words(text);
  const close = (other: string) => {
    const theirs = words(other);
    let shared = 0;
    for (const w of mine) if (theirs.has(w)) shared++;
    const overlap = shared / (mine.size + theirs.size - shared || 1);
    return overlap >= (theirs.size >= 4 ? CLOSE : 1);
  };
  return sets.filter((s) => s.cases.some((c) => close(c.text))).map((s) => s.name);
}

const CLOSE = 0.6;
const words = (text: string) => new Set(text.toLowerCase().match(/[a-z0-9]+/g) ?? []);
