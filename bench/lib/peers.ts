import { performance } from 'node:perf_hooks';
import { containerBootstrap } from '@nlpjs/core-loader';
import { LangId } from '@nlpjs/lang-id';
import { Nlp } from '@nlpjs/nlp';
import MiniSearch from 'minisearch';
import type { KnowledgeEntry } from '../../src/kb/types.js';
import { utility, type CalibrationGoal } from '../../src/matcher/calibrate.js';
import { summarize, type EvalCase, type Outcome, type Summary } from '../../src/matcher/evaluate.js';

/**
 * The peers Netra's matcher is compared with, trained on the same entries (title, questions, keywords)
 * and given one threshold on their own best score, tuned on the same labelled set and objective.
 */

export interface RankedCase {
  /** Best entry ids first, with the peer's own scores. */
  ranked: { id: string; score: number }[];
  ms: number;
}

export interface Peer {
  name: string;
  buildMs: number;
  rank(text: string): Promise<RankedCase>;
}

function phrasingsOf(entry: KnowledgeEntry): string[] {
  return [entry.title, ...entry.questions, ...entry.keywords];
}

export async function nlpjsPeer(entries: readonly KnowledgeEntry[]): Promise<Peer> {
  const start = performance.now();
  const container = await containerBootstrap();
  (container as { use(plugin: unknown): void }).use(LangId);
  const nlp = new Nlp({ container, autoSave: false, autoLoad: false, nlu: { log: false } });
  nlp.addLanguage('id');
  for (const entry of entries) for (const text of phrasingsOf(entry)) nlp.addDocument('id', text, entry.id);
  await nlp.train();
  const buildMs = performance.now() - start;
  return {
    name: 'nlp.js',
    buildMs,
    async rank(text) {
      const t = performance.now();
      const result = await nlp.process('id', text);
      const ms = performance.now() - t;
      const ranked = (result.classifications ?? [])
        .filter((c) => c.intent !== 'None')
        .map((c) => ({ id: c.intent, score: c.score }));
      return { ranked, ms };
    },
  };
}

export function miniSearchPeer(entries: readonly KnowledgeEntry[]): Peer {
  const start = performance.now();
  const index = new MiniSearch<{ id: number; entry: string; text: string }>({
    fields: ['text'],
    storeFields: ['entry'],
    searchOptions: { fuzzy: 0.2, prefix: true, combineWith: 'OR' },
  });
  let id = 0;
  index.addAll(entries.flatMap((entry) => phrasingsOf(entry).map((text) => ({ id: id++, entry: entry.id, text }))));
  const buildMs = performance.now() - start;
  return {
    name: 'MiniSearch',
    buildMs,
    async rank(text) {
      const t = performance.now();
      const best = new Map<string, number>();
      for (const hit of index.search(text)) {
        const entry = String(hit['entry']);
        if (hit.score > (best.get(entry) ?? 0)) best.set(entry, hit.score);
      }
      const ranked = [...best].map(([entryId, score]) => ({ id: entryId, score })).sort((a, b) => b.score - a.score);
      return { ranked, ms: performance.now() - t };
    },
  };
}

/** Answer when the best score reaches the threshold, else fall back (the peers have no clarify step). */
export function outcomesAt(ranked: readonly RankedCase[], threshold: number): Outcome[] {
  return ranked.map((r) => {
    const top = r.ranked[0];
    const answered = top !== undefined && top.score >= threshold;
    return {
      status: answered ? 'answered' : 'fallback',
      id: answered ? top.id : null,
      suggestions: [],
      topId: top?.id ?? null,
      candidates: r.ranked.slice(0, 3),
      score: top?.score ?? 0,
      ms: r.ms,
    };
  });
}

/**
 * The threshold with the best utility (right answers minus the goal's cost per wrong answer), "never
 * answer" (an infinite threshold) included. The hard limits are not imposed: no peer threshold reaches
 * them on the dev set. With the goal's cost of 10, nlp.js is best off never answering.
 */
export function tunePeerThreshold(
  cases: readonly EvalCase[],
  ranked: readonly RankedCase[],
  goal: CalibrationGoal,
): { threshold: number; summary: Summary } {
  const candidates = [...new Set(ranked.map((r) => r.ranked[0]?.score ?? 0)), Number.POSITIVE_INFINITY];
  let best: { threshold: number; summary: Summary; value: number } | undefined;
  for (const threshold of candidates) {
    const summary = summarize(cases, outcomesAt(ranked, threshold));
    const right = Math.round(summary.top1 * summary.inScope);
    const figures = { right, wrong: summary.wrongAnswers, wrongAnswerRate: summary.wrongAnswerRate, rejection: summary.outOfScopeRejection };
    const value = utility(figures, goal);
    if (!best || value > best.value) best = { threshold, summary, value };
  }
  return { threshold: best?.threshold ?? Number.POSITIVE_INFINITY, summary: best?.summary ?? summarize(cases, []) };
}

/** The threshold with the most right answers among those rejecting at least `minRejection` of out-of-scope questions. */
export function tunePeerForTop1(cases: readonly EvalCase[], ranked: readonly RankedCase[], minRejection: number): { threshold: number; summary: Summary } {
  const candidates = [...new Set(ranked.map((r) => r.ranked[0]?.score ?? 0)), Number.POSITIVE_INFINITY];
  let best: { threshold: number; summary: Summary } | undefined;
  for (const threshold of candidates) {
    const summary = summarize(cases, outcomesAt(ranked, threshold));
    if (summary.outOfScopeRejection < minRejection) continue;
    if (!best || summary.top1 > best.summary.top1) best = { threshold, summary };
  }
  return best ?? { threshold: Number.POSITIVE_INFINITY, summary: summarize(cases, outcomesAt(ranked, Number.POSITIVE_INFINITY)) };
}
