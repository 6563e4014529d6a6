import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { LEXICON_FILES, MatcherDataError, parseMatcherData, type LexiconTexts } from '../../src/matcher/data.js';
import { loadMatcherData } from '../../src/matcher/index.js';

let valid: LexiconTexts;

beforeAll(async () => {
  valid = {} as LexiconTexts;
  for (const [role, name] of Object.entries(LEXICON_FILES) as [keyof LexiconTexts, string][]) {
    valid[role] = await readFile(join('knowledge', 'lexicon', name), 'utf8');
  }
});

function problemsOf(changes: Partial<LexiconTexts>): string[] {
  try {
    parseMatcherData({ ...valid, ...changes }, 'lexicon/');
  } catch (error) {
    if (error instanceof MatcherDataError) return error.problems.map((p) => `${p.path}:${p.line}: ${p.message}`);
    throw error;
  }
  return [];
}

describe('lexicon data', () => {
  it('ships valid files', async () => {
    const data = await loadMatcherData('knowledge');
    expect(data.slang.get('gak')).toEqual(['tidak']);
    expect(data.stopwords.has('boleh')).toBe(false);
    expect(data.thresholds.answer).toBeGreaterThan(data.thresholds.clarify);
  });

  it('names file and line of a slang line without "="', () => {
    expect(problemsOf({ slang: '# komentar\ngak, ga = tidak\nyg yang\n' })).toEqual([
      'lexicon/slang.txt:3: baris harus berbentuk "varian, varian = kata baku"',
    ]);
  });

  it('reports a slang word defined twice, with the first line', () => {
    expect(problemsOf({ slang: 'gak = tidak\n\nga, gak = tidak\n' })).toEqual(['lexicon/slang.txt:3: "gak" sudah didefinisikan di baris 1']);
  });

  it('rejects characters outside letters and digits', () => {
    expect(problemsOf({ slang: 'gak! = tidak\n' })).toEqual(['lexicon/slang.txt:1: "gak!": hanya huruf kecil, angka dan spasi']);
    expect(problemsOf({ stopwords: 'sih dong\nya-ya\n' })).toEqual(['lexicon/stopwords.txt:2: "ya-ya": hanya huruf kecil dan angka']);
  });

  it('keeps synonyms to one word on each side', () => {
    expect(problemsOf({ synonyms: 'calon = calon kandidat\n' })).toEqual(['lexicon/synonyms.txt:1: sinonim: ruas kanan harus satu kata']);
  });

  it('refuses a stop word that is also a domain word', () => {
    expect(problemsOf({ stopwords: valid.stopwords + '\nkampanye\n' })[0]).toMatch(/^lexicon\/stopwords\.txt:\d+: "kampanye" juga ada di election-words\.txt$/);
  });

  it('validates thresholds with the line of the bad key', () => {
    const text = 'answer: 0.3\nmargin: 1.5\nmarginNeighbour: 0.2\nclarify: 0.1\nanswerOffDomain: 0.7\nclarifyOffDomain: 0.2\nsuggestionRatio: 0.6\n';
    expect(problemsOf({ thresholds: text })).toEqual(['lexicon/thresholds.yaml:2: margin: Too big: expected number to be <=1']);
    expect(problemsOf({ thresholds: 'answer: [\n' })[0]).toMatch(/^lexicon\/thresholds\.yaml:\d+: YAML tidak valid/);
    const withoutRatio = text.replace('margin: 1.5', 'margin: 0.1').replace('suggestionRatio: 0.6\n', '');
    expect(problemsOf({ thresholds: withoutRatio })).toEqual([
      'lexicon/thresholds.yaml:1: suggestionRatio: Invalid input: expected number, received undefined',
    ]);
  });
});
