import type { MatchStatus } from './types.js';

/**
 * Scoring a matcher against labelled questions. Pure, so the eval CLI, the benchmark and the
 * regression test compute the figures the same way.
 */

export interface EvalCase {
  text: string;
  /** Entry id, ids that are equally right, null for out of scope, undefined when unlabelled. */
  expect?: string | string[] | null;
}

export interface Outcome {
  status: MatchStatus;
  /** The answered entry id, null unless `status` is answered. */
  id: string | null;
  /** Clarify suggestions, best first. */
  suggestions: string[];
  /** The best-ranked candidate whatever the decision (for rank-only accuracy). */
  topId: string | null;
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
    cases.push({ text: v.text, expect: v.expect as EvalCase['expect'] });
  });
  return cases;
}

export function isRight(expect: EvalCase['expect'], id: string | null): boolean {
  if (id === null || expect === null || expect === undefined) return false;
  return typeof expect === 'string' ? expect === id : expect.includes(id);
}

export function summarize(cases: readonly EvalCase[], outcomes: readonly Outcome[]): Summary {
  let inScope = 0;
  let outOfScope = 0;
  let top1 = 0;
  let rankTop1 = 0;
  let helpful = 0;
  let answered = 0;
  let wrongAnswers = 0;
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
      if (!isRight(c.expect, o.id)) wrongAnswers++;
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
    outOfScopeRejection: ratio(rejected, outOfScope),
    status,
    latencyMs: { p50: percentile(ms, 0.5), p99: percentile(ms, 0.99), max: ms[ms.length - 1] ?? 0 },
    misses,
  };
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[index] ?? 0;
}

function ratio(a: number, b: number): number {
  return b === 0 ? 0 : a / b;
}
