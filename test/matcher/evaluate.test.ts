import { describe, expect, it } from 'vitest';
import { parseCases, summarize, type Outcome } from '../../src/matcher/evaluate.js';

const outcome = (o: Partial<Outcome>): Outcome => ({ status: 'fallback', id: null, suggestions: [], topId: null, score: 0, ms: 0, ...o });

describe('evaluation figures', () => {
  const cases = parseCases(
    [
      '{"text": "a", "expect": "x"}',
      '{"text": "b", "expect": ["x", "y"]}',
      '{"text": "c", "expect": "z"}',
      '{"text": "d", "expect": "z"}',
      '{"text": "e", "expect": null}',
      '{"text": "f", "expect": null}',
      '{"text": "g"}',
    ].join('\n'),
  );
  const outcomes = [
    outcome({ status: 'answered', id: 'x', topId: 'x', ms: 1 }),
    outcome({ status: 'answered', id: 'y', topId: 'y', ms: 2 }),
    outcome({ status: 'clarify', suggestions: ['q', 'z'], topId: 'q', ms: 3 }),
    outcome({ status: 'answered', id: 'q', topId: 'q', ms: 4 }),
    outcome({ status: 'answered', id: 'x', topId: 'x', ms: 5 }),
    outcome({ status: 'clarify', suggestions: ['x'], topId: 'x', ms: 6 }),
    outcome({ status: 'answered', id: 'x', topId: 'x', ms: 7 }),
  ];
  const s = summarize(cases, outcomes);

  it('counts a list label as right when any of its ids is chosen', () => {
    expect(s.top1).toBe(2 / 4);
    expect(s.rankTop1).toBe(2 / 4);
  });

  it('counts a right id among the clarify choices as helpful', () => {
    expect(s.helpful).toBe(3 / 4);
  });

  it('counts answered out-of-scope questions as wrong answers, unlabelled ones not at all', () => {
    expect(s.answered).toBe(4);
    expect(s.wrongAnswers).toBe(2);
    expect(s.wrongAnswerRate).toBe(0.5);
    expect(s.outOfScopeRejection).toBe(0.5);
  });

  it('lists the misses with their line numbers', () => {
    expect(s.misses.map((m) => m.line)).toEqual([3, 4, 5]);
  });

  it('reports latency percentiles over every case', () => {
    expect(s.latencyMs.p50).toBe(4);
    expect(s.latencyMs.max).toBe(7);
  });

  it('rejects malformed lines with their number', () => {
    expect(() => parseCases('{"text": "a"}\n{"expect": "x"}', 'f.jsonl')).toThrow(/^f\.jsonl:2: /);
    expect(() => parseCases('not json', 'f.jsonl')).toThrow(/^f\.jsonl:1: JSON tidak valid/);
  });
});
