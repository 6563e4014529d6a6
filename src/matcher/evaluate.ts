import type { MatchStatus } from './types.js';

/**
 * Scoring a matcher against labelled questions. Pure, so the eval CLI, the benchmark and the
 * regression test compute the figures the same way.
 */

export interface EvalCase {
  text: string;
  /** Entry id, ids that are equally right, null for out of scope, undefined when unlabelled. */
  expect?: string | string[] | null;
  /** How the question is written (e.g. `javanese`, `narrative`, `typos`), when the set says; figures are also given per style. */
  style?: string;
}

export interface Outcome {
  status: MatchStatus;
  /** The answered entry id, null unless `status` is answered. */
  id: string | null;
  /** Clarify suggestions, best first. */
  suggestions: string[];
  /** The best-ranked candidate whatever the decision (for rank-only accuracy). */
  topId: string | null;
  /** The top 3 candidates whatever the decision, so ranking and deciding can be measured apart. */
  candidates: { id: string; score: number }[];
  score: number;
  ms: number;
}

export interface Miss {
  line: number;
  text: string;
  expect: string | string[] | null;
  status: MatchStatus;
  got: string | null;
  suggestions: string[];
  score: number;
}

export interface Summary {
  cases: number;
  inScope: number;
  outOfScope: number;
  /** In-scope questions answered with a right entry, over all in-scope questions. */
  top1: number;
  /** In-scope questions whose best-ranked candidate is right, whatever the decision. */
  rankTop1: number;
  /** In-scope questions answered right, or with a right entry among the first 3 clarify suggestions. */
  helpful: number;
  /** Answers with a wrong entry (out-of-scope questions included), over all answered labelled questions. */
  wrongAnswerRate: number;
  answered: number;
  wrongAnswers: number;
  /**
   * Wrong answers split by harm: to an in-scope question with the expected verdict (a neighbouring
   * topic, the verdict and most of the legal basis still right), with another verdict (the harmful
   * kind), or to an out-of-scope question. Verdict split needs `verdictOf`; without it all in-scope
   * wrong answers count as `verdictWrong`.
   */
  wrongBy: { verdictRight: number; verdictWrong: number; outOfScope: number };
  /** Out-of-scope questions not answered with an entry (fallback or clarify). */
  outOfScopeRejection: number;
  status: Record<MatchStatus, number>;
  latencyMs: { p50: number; p99: number; max: number };
  misses: Miss[];
}

export function parseCases(jsonl: string, path = 'cases'): EvalCase[] {
  const cases: EvalCase[] = [];
  jsonl.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new Error(`${path}:${i + 1}: JSON tidak valid (${(error as Error).message})`);
    }
    const v = value as { text?: unknown; expect?: unknown };
    const expectOk =
      v.expect === undefined ||
      v.expect === null ||
      typeof v.expect === 'string' ||
      (Array.isArray(v.expect) && v.expect.every((x) => typeof x === 'string'));
    if (typeof v.text !== 'string' || !expectOk) {
      throw new Error(`${path}:${i + 1}: harus {"text": string, "expect"?: string | string[] | null}`);
    }
    const style = (value as { style?: unknown }).style;
    cases.push({ text: v.text, expect: v.expect as EvalCase['expect'], ...(typeof style === 'string' && style ? { style } : {}) });
  });
  return cases;
}

export function isRight(expect: EvalCase['expect'], id: string | null): boolean {
  if (id === null || expect === null || expect === undefined) return false;
  return typeof expect === 'string' ? expect === id : expect.includes(id);
}

/** Entry id → verdict, for splitting wrong answers by whether the verdict was still right. */
export type VerdictOf = (id: string) => string | undefined;

export function summarize(cases: readonly EvalCase[], outcomes: readonly Outcome[], verdictOf?: VerdictOf): Summary {
  let inScope = 0;
  let outOfScope = 0;
  let top1 = 0;
  let rankTop1 = 0;
  let helpful = 0;
  let answered = 0;
  let wrongAnswers = 0;
  const wrongBy = { verdictRight: 0, verdictWrong: 0, outOfScope: 0 };
  let rejected = 0;
  const status: Record<MatchStatus, number> = { answered: 0, clarify: 0, fallback: 0 };
  const misses: Miss[] = [];

  cases.forEach((c, i) => {
    const o = outcomes[i];
    if (!o) return;
    status[o.status]++;
    if (c.expect === undefined) return;
    const miss = () =>
      misses.push({ line: i + 1, text: c.text, expect: c.expect ?? null, status: o.status, got: o.id, suggestions: o.suggestions, score: o.score });
    if (o.status === 'answered') {
      answered++;
      if (!isRight(c.expect, o.id)) {
        wrongAnswers++;
        if (c.expect === null) wrongBy.outOfScope++;
        else if (verdictOf && sameVerdict(c.expect, o.id, verdictOf)) wrongBy.verdictRight++;
        else wrongBy.verdictWrong++;
      }
    }
    if (c.expect === null) {
      outOfScope++;
      if (o.status !== 'answered') rejected++;
      else miss();
      return;
    }
    inScope++;
    const answeredRight = o.status === 'answered' && isRight(c.expect, o.id);
    if (answeredRight) top1++;
    if (isRight(c.expect, o.topId)) rankTop1++;
    const clarifiedRight = o.status === 'clarify' && o.suggestions.slice(0, 3).some((s) => isRight(c.expect, s));
    if (answeredRight || clarifiedRight) helpful++;
    if (!answeredRight) miss();
  });

  const ms = outcomes.map((o) => o.ms).sort((a, b) => a - b);
  return {
    cases: cases.length,
    inScope,
    outOfScope,
    top1: ratio(top1, inScope),
    rankTop1: ratio(rankTop1, inScope),
    helpful: ratio(helpful, inScope),
    wrongAnswerRate: ratio(wrongAnswers, answered),
    answered,
    wrongAnswers,
    wrongBy,
    outOfScopeRejection: ratio(rejected, outOfScope),
    status,
    latencyMs: { p50: percentile(ms, 0.5), p99: percentile(ms, 0.99), max: ms[ms.length - 1] ?? 0 },
    misses,
  };
}

function sameVerdict(expect: string | string[], got: string | null, verdictOf: VerdictOf): boolean {
  const gotVerdict = got === null ? undefined : verdictOf(got);
  const expected = typeof expect === 'string' ? [expect] : expect;
  return gotVerdict !== undefined && expected.some((id) => verdictOf(id) === gotVerdict);
}

/** The same figures for each style the cases name (cases without a style are left out); sorted by style. */
export function summarizeByStyle(cases: readonly EvalCase[], outcomes: readonly Outcome[], verdictOf?: VerdictOf): Map<string, Summary> {
  const groups = new Map<string, { cases: EvalCase[]; outcomes: Outcome[] }>();
  cases.forEach((c, i) => {
    const o = outcomes[i];
    if (!c.style || !o) return;
    const group = groups.get(c.style) ?? { cases: [], outcomes: [] };
    group.cases.push(c);
    group.outcomes.push(o);
    groups.set(c.style, group);
  });
  return new Map([...groups].sort(([a], [b]) => a.localeCompare(b)).map(([style, g]) => [style, summarize(g.cases, g.outcomes, verdictOf)]));
}

export interface RiskCoveragePoint {
  /** Share of labelled questions answered when only those scoring at least `minScore` are. */
  coverage: number;
  /** Share of those answers that are wrong (the top candidate is not a right entry, or the question is out of scope). */
  risk: number;
  /** Share of in-scope questions answered right at this cut. */
  top1: number;
  minScore: number;
}

/**
 * The risk–coverage curve of the best candidate's score used as the only confidence: sort the labelled
 * questions by that score and answer the top k. `maxCoverageAt(risk)` on it is the most a decision on
 * this score alone could answer at that risk; a decision that beats it uses more than the score.
 */
export function riskCoverage(cases: readonly EvalCase[], outcomes: readonly Outcome[]): RiskCoveragePoint[] {
  const labelled = cases.flatMap((c, i) => {
    const o = outcomes[i];
    return c.expect === undefined || !o ? [] : [{ right: c.expect !== null && isRight(c.expect, o.topId), inScope: c.expect !== null, score: o.candidates[0]?.score ?? 0 }];
  });
  labelled.sort((a, b) => b.score - a.score);
  const inScope = labelled.filter((l) => l.inScope).length;
  const points: RiskCoveragePoint[] = [];
  let right = 0;
  labelled.forEach((l, k) => {
    if (l.right) right++;
    const next = labelled[k + 1];
    if (next && next.score === l.score) return; // ties are answered together
    points.push({ coverage: (k + 1) / labelled.length, risk: 1 - right / (k + 1), top1: inScope === 0 ? 0 : right / inScope, minScore: l.score });
  });
  return points;
}

/** The largest coverage on the curve whose risk stays at or under `maxRisk` (0 when none). */
export function maxCoverageAt(curve: readonly RiskCoveragePoint[], maxRisk: number): RiskCoveragePoint | undefined {
  let best: RiskCoveragePoint | undefined;
  for (const p of curve) if (p.risk <= maxRisk && (!best || p.coverage > best.coverage)) best = p;
  return best;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[index] ?? 0;
}

function ratio(a: number, b: number): number {
  return b === 0 ? 0 : a / b;
}
