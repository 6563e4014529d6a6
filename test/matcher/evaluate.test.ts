import { describe, expect, it } from 'vitest';
import { maxCoverageAt, parseCases, riskCoverage, summarize, summarizeByStyle, type Outcome } from '../../src/matcher/evaluate.js';

const outcome = (o: Partial<Outcome>): Outcome => ({ status: 'fallback', id: null, suggestions: [], topId: null, candidates: [], score: 0, ms: 0, ...o });

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

  it('splits wrong answers by whether the verdict was still right', () => {
    const verdicts: Record<string, string> = { x: 'dilarang', y: 'dilarang', z: 'boleh', q: 'dilarang' };
    const split = summarize(cases, outcomes, (id) => verdicts[id]);
    // line 4 expects z (boleh) and got q (dilarang); line 5 is out of scope and was answered
    expect(split.wrongBy).toEqual({ verdictRight: 0, verdictWrong: 1, outOfScope: 1 });
    const sameVerdict = summarize(cases, outcomes, (id) => (id === 'z' ? 'dilarang' : verdicts[id]));
    expect(sameVerdict.wrongBy).toEqual({ verdictRight: 1, verdictWrong: 0, outOfScope: 1 });
  });
});

describe('per-style figures and the risk–coverage curve', () => {
  const cases = parseCases(
    [
      '{"text": "a", "expect": "x", "style": "typos"}',
      '{"text": "b", "expect": "y", "style": "typos"}',
      '{"text": "c", "expect": "z", "style": "narrative"}',
      '{"text": "d", "expect": null, "style": "off-topic"}',
      '{"text": "e", "expect": "x"}',
    ].join('\n'),
  );
  const at = (topId: string, score: number): Outcome => ({
    status: 'answered', id: topId, suggestions: [], topId, candidates: [{ id: topId, score }], score, ms: 0,
  });
  const outcomes = [at('x', 0.9), at('q', 0.8), at('z', 0.7), at('x', 0.6), at('x', 0.5)];

  it('keeps the style of each line and gives figures per style', () => {
    expect(cases.map((c) => c.style)).toEqual(['typos', 'typos', 'narrative', 'off-topic', undefined]);
    const byStyle = summarizeByStyle(cases, outcomes);
    expect([...byStyle.keys()]).toEqual(['narrative', 'off-topic', 'typos']);
    expect(byStyle.get('typos')?.top1).toBe(0.5);
    expect(byStyle.get('off-topic')?.outOfScopeRejection).toBe(0);
  });

  it('answers the highest-scoring questions first and reports the risk at each coverage', () => {
    const curve = riskCoverage(cases, outcomes);
    expect(curve.map((p) => [p.coverage, Math.round(p.risk * 100) / 100])).toEqual([
      [0.2, 0],
      [0.4, 0.5],
      [0.6, 0.33],
      [0.8, 0.5],
      [1, 0.4],
    ]);
    expect(maxCoverageAt(curve, 0.02)?.coverage).toBe(0.2);
    expect(maxCoverageAt(curve, 0.4)?.minScore).toBe(0.5);
  });
});
