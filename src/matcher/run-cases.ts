import { performance } from 'node:perf_hooks';
import type { KnowledgeEntry } from '../kb/types.js';
import type { EvalCase, Outcome } from './evaluate.js';
import type { Matcher } from './types.js';

/** Runs every case through the matcher, timing `match` alone (the only clock use of the matcher code). */
export function runCases(matcher: Matcher, cases: readonly EvalCase[]): Outcome[] {
  return cases.map((c) => {
    const start = performance.now();
    const result = matcher.match(c.text);
    const ms = performance.now() - start;
    return {
      status: result.status,
      id: result.entry?.id ?? null,
      suggestions: result.suggestions.map((e) => e.id),
      topId: result.candidates[0]?.entryId ?? null,
      candidates: result.candidates.map((c) => ({ id: c.entryId, score: c.score })),
      score: result.score,
      ms,
    };
  });
}

/**
 * A long-running bot answers with a warm JIT; so that latency figures describe that, match the
 * entries' own phrasings once before timing (never the evaluated questions themselves).
 */
export function warmUp(matcher: Matcher, entries: readonly KnowledgeEntry[]): void {
  for (const entry of entries) for (const q of entry.questions) matcher.match(q);
}
