import { parentPort, workerData } from 'node:worker_threads';
import { buildMatcher, buildMatcherParts, type Matcher, type MatcherData } from '../matcher/index.js';
import type { KnowledgeEntry } from './types.js';
import type { CaseOutcome, WorkerRequest, WorkerResponse } from './build-protocol.js';

/**
 * Worker thread: the CPU-heavy half of a matcher build (classifier training, text analysis) and
 * whole-set evaluations for the test pane, so the main thread keeps answering requests meanwhile.
 */
const data = (workerData as { matcherData: MatcherData }).matcherData;
/** Matchers evaluated recently, by the caller's key (the live knowledge is evaluated again and again). */
const recent = new Map<string, Matcher>();
const RECENT_LIMIT = 2;

function matcherFor(key: string, entries: KnowledgeEntry[]): Matcher {
  let matcher = recent.get(key);
  if (!matcher) {
    matcher = buildMatcher(entries, data);
    if (recent.size >= RECENT_LIMIT) recent.delete(recent.keys().next().value as string);
    recent.set(key, matcher);
  }
  return matcher;
}

function handle(request: WorkerRequest): { response: WorkerResponse; transfer: ArrayBuffer[] } {
  if (request.kind === 'parts') {
    const parts = buildMatcherParts(request.entries, data);
    const transfer = parts.classifierWeights ? [parts.classifierWeights.buffer as ArrayBuffer] : [];
    return { response: { id: request.id, ok: true, kind: 'parts', parts }, transfer };
  }
  const matcher = matcherFor(request.key, request.entries);
  const outcomes: CaseOutcome[][] = request.sets.map((texts) =>
    texts.map((text) => {
      const r = matcher.match(text);
      return { status: r.status, id: r.entry?.id ?? null, suggestions: r.suggestions.map((e) => e.id), score: r.score };
    }),
  );
  return { response: { id: request.id, ok: true, kind: 'evaluate', outcomes }, transfer: [] };
}

parentPort?.on('message', (request: WorkerRequest) => {
  try {
    const { response, transfer } = handle(request);
    parentPort?.postMessage(response, transfer);
  } catch (error) {
    parentPort?.postMessage({ id: request.id, ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
