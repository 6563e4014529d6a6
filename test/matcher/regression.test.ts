import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledgeDir } from '../../src/kb/load.js';
import { parseCases, summarize, type Summary } from '../../src/matcher/evaluate.js';
import { buildMatcher, loadMatcherData } from '../../src/matcher/index.js';
import { runCases } from '../../src/matcher/run-cases.js';

/**
 * The labelled dev set (a copy of ../shared/eval/dev.jsonl). Floors: the targets where the
 * matcher meets them (helpful >= 97 %, wrong answers <= 2 %, out-of-scope rejection >= 90 %), and just
 * under the measured figures where it does not yet (top-1 target 92 %), so that any regression fails
 * here. Measured on 2026-11-23 with about 30 phrasings per entry, the neighbour-aware margin and the
 * thresholds recalibrated: top-1 87.6 %, rank top-1 95.6 %, helpful 98.4 %, wrong answers 1.4 %,
 * out-of-scope rejection 98.0 %. (Session 1 ended at top-1 75.5 %, rank top-1 92.8 %, helpful 94.4 %.)
 */
const FLOORS = { top1: 0.87, helpful: 0.97, rankTop1: 0.95, maxWrongAnswerRate: 0.02, outOfScopeRejection: 0.9 };

let summary: Summary;

beforeAll(async () => {
  const knowledge = await loadKnowledgeDir('knowledge');
  const matcher = buildMatcher(knowledge.entries, await loadMatcherData('knowledge'));
  const cases = parseCases(await readFile('test/fixtures/dev.jsonl', 'utf8'), 'dev.jsonl');
  summary = summarize(cases, runCases(matcher, cases));
});

describe('dev set', () => {
  it('covers in-scope and out-of-scope questions', () => {
    expect(summary.inScope).toBe(249);
    expect(summary.outOfScope).toBe(50);
  });

  it(`answers at least ${FLOORS.top1 * 100} % of in-scope questions with the right entry`, () => {
    expect(summary.top1).toBeGreaterThanOrEqual(FLOORS.top1);
  });

  it(`ranks the right entry first for at least ${FLOORS.rankTop1 * 100} %`, () => {
    expect(summary.rankTop1).toBeGreaterThanOrEqual(FLOORS.rankTop1);
  });

  it(`helps (right answer or right choice offered) at least ${FLOORS.helpful * 100} %`, () => {
    expect(summary.helpful).toBeGreaterThanOrEqual(FLOORS.helpful);
  });

  it(`gives a wrong answer at most ${FLOORS.maxWrongAnswerRate * 100} % of the time`, () => {
    expect(summary.wrongAnswerRate).toBeLessThanOrEqual(FLOORS.maxWrongAnswerRate);
  });

  it(`does not answer at least ${FLOORS.outOfScopeRejection * 100} % of out-of-scope questions`, () => {
    expect(summary.outOfScopeRejection).toBeGreaterThanOrEqual(FLOORS.outOfScopeRejection);
  });
});
