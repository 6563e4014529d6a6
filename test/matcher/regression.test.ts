import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledgeDir } from '../../src/kb/load.js';
import { parseCases, summarize, type Summary } from '../../src/matcher/evaluate.js';
import { buildMatcher, loadMatcherData } from '../../src/matcher/index.js';
import { runCases } from '../../src/matcher/run-cases.js';

/**
 * The labelled dev set (a copy of ../shared/eval/dev.jsonl). Floors: the targets where the
 * matcher meets them (wrong answers <= 2 %, out-of-scope rejection >= 90 %), and just under the
 * measured figures where it does not yet (top-1 target 92 %, helpful target 97 %), so that any
 * regression fails here. Measured on 2026-11-23, after the entry phrasings that near-copied dev lines
 * were rewritten (dev figures no longer reward memory) and the thresholds recalibrated: top-1 71.9 %,
 * rank top-1 92.0 %, helpful 94.4 %, wrong answers 1.6 %, out-of-scope rejection 98.0 %. After the
 * weak-topic phrasings were sharpened and the thresholds recalibrated again (margin kept at 0.05):
 * top-1 75.5 %, rank top-1 92.8 %, helpful 94.4 %, wrong answers 1.6 %, out-of-scope rejection 100.0 %.
 */
const FLOORS = { top1: 0.75, helpful: 0.94, rankTop1: 0.925, maxWrongAnswerRate: 0.02, outOfScopeRejection: 0.9 };

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
