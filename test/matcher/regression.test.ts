import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledgeDir } from '../../src/kb/load.js';
import { parseCases, summarize, type Summary } from '../../src/matcher/evaluate.js';
import { buildMatcher, loadMatcherData, type Matcher } from '../../src/matcher/index.js';
import { runCases } from '../../src/matcher/run-cases.js';

interface Floors {
  top1: number;
  rankTop1: number;
  helpful: number;
  maxWrongAnswerRate: number;
  outOfScopeRejection: number;
}

/**
 * Four labelled sets, with floors: the targets where the matcher meets them (wrong answers
 * <= 2 %, out-of-scope rejection >= 90 %, helpful >= 97 % on the dev set), and just under the measured
 * figures where it does not yet, so that any regression fails here.
 */
const SETS: { name: string; file: string; inScope: number; outOfScope: number; floors: Floors }[] = [
  {
    // A copy of ../shared/eval/dev.jsonl; the thresholds are calibrated on it. Measured on 2026-11-23
    // (about 30 phrasings per entry, none close to a dev line; neighbour-aware margin): top-1 82.7 %,
    // rank top-1 95.6 %, helpful 98.4 %, wrong answers 0.5 %, out-of-scope rejection 100 %.
    name: 'dev set',
    file: 'test/fixtures/dev.jsonl',
    inScope: 249,
    outOfScope: 50,
    floors: { top1: 0.82, rankTop1: 0.95, helpful: 0.97, maxWrongAnswerRate: 0.02, outOfScopeRejection: 0.9 },
  },
  {
    // Questions the team wrote from each entry's title and answer without seeing the dev set or the
    // entries' phrasings (not used to tune anything as of 2026-11-23; lines close to a phrasing removed, see sets-apart.test.ts),
    // plus off-topic questions. Measured: top-1 82.9 %, rank top-1 94.5 %, helpful 96.0 %, wrong answers
    // 1.6 %, rejection 100 %.
    name: 'team questions',
    file: 'test/fixtures/team-questions.jsonl',
    inScope: 677,
    outOfScope: 60,
    floors: { top1: 0.82, rankTop1: 0.94, helpful: 0.95, maxWrongAnswerRate: 0.02, outOfScopeRejection: 0.9 },
  },
  {
    // Blind sets (see knowledge/lexicon/README.md): written from each entry's title and answer only, in
    // the styles regional, english, typos, narrative, indirect, headline, plus off-topic ASN questions.
    // Even lines of the writers' files; their misses guided the lexicon additions of 2026-12-03.
    // Measured on 2026-12-03: top-1 76.8 %, rank top-1 92.3 %, helpful 96.0 %, wrong answers 2.7 %
    // (7 of 255), rejection 94.0 %. Floors just under, wrong answers just over (the goal is 2 %).
    name: 'blind-tune',
    file: 'test/fixtures/blind-tune.jsonl',
    inScope: 323,
    outOfScope: 50,
    floors: { top1: 0.76, rankTop1: 0.91, helpful: 0.95, maxWrongAnswerRate: 0.035, outOfScopeRejection: 0.92 },
  },
  {
    // The odd lines of the same files: never looked at, never used to choose anything. Measured on
    // 2026-12-03: top-1 62.2 %, rank top-1 91.3 %, helpful 94.1 %, wrong answers 3.9 % (8 of 207),
    // rejection 92.0 %.
    name: 'blind-check',
    file: 'test/fixtures/blind-check.jsonl',
    inScope: 320,
    outOfScope: 50,
    floors: { top1: 0.61, rankTop1: 0.9, helpful: 0.93, maxWrongAnswerRate: 0.045, outOfScopeRejection: 0.9 },
  },
];

let matcher: Matcher;

beforeAll(async () => {
  const knowledge = await loadKnowledgeDir('knowledge');
  matcher = buildMatcher(knowledge.entries, await loadMatcherData('knowledge'));
});

describe.each(SETS)('$name', ({ file, inScope, outOfScope, floors }) => {
  let summary: Summary;

  beforeAll(async () => {
    const cases = parseCases(await readFile(file, 'utf8'), file);
    summary = summarize(cases, runCases(matcher, cases));
  });

  it('covers in-scope and out-of-scope questions', () => {
    expect(summary.inScope).toBe(inScope);
    expect(summary.outOfScope).toBe(outOfScope);
  });

  it(`answers at least ${floors.top1 * 100} % of in-scope questions with the right entry`, () => {
    expect(summary.top1).toBeGreaterThanOrEqual(floors.top1);
  });

  it(`ranks the right entry first for at least ${floors.rankTop1 * 100} %`, () => {
    expect(summary.rankTop1).toBeGreaterThanOrEqual(floors.rankTop1);
  });

  it(`helps (right answer or right choice offered) at least ${floors.helpful * 100} %`, () => {
    expect(summary.helpful).toBeGreaterThanOrEqual(floors.helpful);
  });

  it(`gives a wrong answer at most ${floors.maxWrongAnswerRate * 100} % of the time`, () => {
    expect(summary.wrongAnswerRate).toBeLessThanOrEqual(floors.maxWrongAnswerRate);
  });

  it(`does not answer at least ${floors.outOfScopeRejection * 100} % of out-of-scope questions`, () => {
    expect(summary.outOfScopeRejection).toBeGreaterThanOrEqual(floors.outOfScopeRejection);
  });
});
