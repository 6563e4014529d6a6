import { createHash } from 'node:crypto';
import { and, desc, eq, gte, inArray, isNotNull, or, sql } from 'drizzle-orm';
import { maskPersonalData } from '../../analytics/personal-data.js';
import type { Db } from '../../db/client.js';
import { feedback, queryLog } from '../../db/schema.js';
import { getEntry, saveEntry, type Author } from '../../kb/editor.js';
import type { MatcherWorker } from '../../kb/matcher-worker.js';
import type { KnowledgeSnapshot } from '../../kb/snapshot.js';
import type { Explanation } from '../../matcher/index.js';
import { outcomeChanges, type OutcomeChange } from './impact.js';
import { labelledSetsContaining, loadLabelledSets, sameQuestionKey, type LabelledSet } from './labelled-sets.js';

export interface TestPaneDeps {
  db: Db;
  knowledge: () => KnowledgeSnapshot;
  /** Thread that builds candidate matchers and runs the labelled sets (never the main thread). */
  evaluator: MatcherWorker;
  /** Makes a published change live (the publisher); resolves when the new snapshot is in place. */
  onPublished: () => Promise<void>;
  labelledSets?: () => Promise<LabelledSet[]>;
}

export const MAX_BATCH = 500;
export const MAX_PHRASING_CHARS = 300;

/** One question as the test pane shows it: the live matcher's explanation plus, when given, whether it was right. */
export interface TestedQuestion extends Explanation {
  expected?: string | null;
  right?: boolean;
}

export function explainAll(snapshot: KnowledgeSnapshot, items: readonly { text: string; expected?: string | null }[]): TestedQuestion[] {
  return items.map(({ text, expected }) => {
    const explanation = snapshot.matcher.explain(text);
    if (expected === undefined) return explanation;
    const right = expected === null ? explanation.status !== 'answered' : explanation.status === 'answered' && explanation.entryId === expected;
    return { ...explanation, expected, right };
  });
}

export interface PhrasingImpact {
  entryId: string;
  text: string;
  /** Labelled sets that contain this very question: it must not be added. */
  inLabelledSets: string[];
  /** The entry already has this phrasing. */
  duplicate: boolean;
  /** What the live matcher does with the question now, and what it would do with the phrasing added. */
  now: { status: string; entryId: string | null };
  after: { status: string; entryId: string | null };
  sets: { name: string; cases: number }[];
  changes: OutcomeChange[];
  counts: { fixed: number; broken: number; changed: number };
}

export type PhrasingProblem = { status: 'not-found' } | { status: 'invalid'; message: string };

/** Checks a proposed phrasing; undefined when it may be added. */
function phrasingProblem(snapshot: KnowledgeSnapshot, entryId: string, text: string): PhrasingProblem | undefined {
  if (!snapshot.entries.has(entryId)) return { status: 'not-found' };
  if (text.length < 3) return { status: 'invalid', message: 'Pertanyaan terlalu pendek (minimal 3 karakter).' };
  if (text.length > MAX_PHRASING_CHARS) return { status: 'invalid', message: `Pertanyaan terlalu panjang (maksimal ${MAX_PHRASING_CHARS} karakter).` };
  return undefined;
}

/**
 * What adding `text` as a phrasing of `entryId` would do: every labelled question whose outcome changes,
 * from a candidate matcher built in the worker thread (the live one is left alone).
 */
export async function phrasingImpact(deps: TestPaneDeps, entryId: string, rawText: string): Promise<PhrasingImpact | PhrasingProblem> {
  const text = rawText.trim();
  const snapshot = deps.knowledge();
  const problem = phrasingProblem(snapshot, entryId, text);
  if (problem) return problem;
  const sets = await (deps.labelledSets ?? loadLabelledSets)();
  const entries = [...snapshot.entries.values()];
  const entry = snapshot.entries.get(entryId)!;
  const candidate = entries.map((e) => (e.id === entryId ? { ...e, questions: [...e.questions, text] } : e));
  const texts = [...sets.map((s) => s.cases.map((c) => c.text)), [text]];
  const candidateKey = `${snapshot.version}+${entryId}+${createHash('sha256').update(text).digest('hex').slice(0, 16)}`;
  const [before, after] = await Promise.all([
    deps.evaluator.evaluate(snapshot.version, entries, texts),
    deps.evaluator.evaluate(candidateKey, candidate, texts),
  ]);
  const changes = sets.flatMap((s, i) => outcomeChanges(s.name, s.cases, before[i] ?? [], after[i] ?? []));
  const own = (outcomes: typeof before) => {
    const o = outcomes[sets.length]?.[0];
    return { status: o?.status ?? 'fallback', entryId: o?.id ?? null };
  };
  return {
    entryId,
    text,
    inLabelledSets: labelledSetsContaining(sets, text),
    duplicate: entry.questions.some((q) => sameQuestionKey(q) === sameQuestionKey(text)),
    now: own(before),
    after: own(after),
    sets: sets.map((s) => ({ name: s.name, cases: s.cases.length })),
    changes,
    counts: {
      fixed: changes.filter((c) => c.effect === 'fixed').length,
      broken: changes.filter((c) => c.effect === 'broken').length,
      changed: changes.filter((c) => c.effect === 'changed').length,
    },
  };
}

export type AddPhrasingResult =
  | { status: 'published'; entryId: string; version: number }
  | { status: 'proposed'; entryId: string; proposalId: string }
  | { status: 'conflict'; message: string; currentVersion: number }
  | { status: 'refused'; message: string }
  | PhrasingProblem;

/**
 * Adds `text` to the entry's phrasings as a new version through the editor's `saveEntry` (validated,
 * audited; an editor's change becomes a proposal). Refuses a question from a labelled set and a duplicate.
 */
export async function addPhrasing(
  deps: TestPaneDeps,
  actor: Author,
  input: { entryId: string; text: string; baseVersion?: number },
): Promise<AddPhrasingResult> {
  const text = input.text.trim();
  const problem = phrasingProblem(deps.knowledge(), input.entryId, text);
  if (problem) return problem;
  const inSets = labelledSetsContaining(await (deps.labelledSets ?? loadLabelledSets)(), text);
  if (inSets.length > 0) {
    return { status: 'refused', message: `Pertanyaan ini ada di set uji berlabel (${inSets.join(', ')}); menambahkannya sebagai frasa membuat angka evaluasi tidak jujur.` };
  }
  const record = await getEntry(deps.db, input.entryId);
  if (!record || record.archived) return { status: 'not-found' };
  if (record.entry.questions.some((q) => sameQuestionKey(q) === sameQuestionKey(text))) {
    return { status: 'refused', message: 'Frasa ini sudah ada di entri tersebut.' };
  }
  const result = await saveEntry(deps.db, actor, {
    entry: { ...record.entry, questions: [...record.entry.questions, text] },
    baseVersion: input.baseVersion ?? record.version,
  });
  switch (result.status) {
    case 'published':
      await deps.onPublished();
      return { status: 'published', entryId: input.entryId, version: result.version };
    case 'proposed':
      return { status: 'proposed', entryId: input.entryId, proposalId: result.proposalId };
    case 'conflict':
      return { status: 'conflict', message: result.message, currentVersion: result.currentVersion };
    case 'invalid':
      return { status: 'invalid', message: result.problems.map((p) => `${p.field}: ${p.message}`).join('; ') };
    case 'not-found':
      return { status: 'not-found' };
  }
}

export interface RecentMiss {
  queryId: string;
  at: Date;
  text: string;
  status: string;
  /** 👎 given on the answer. */
  disliked: boolean;
  candidates: { entryId: string; score: number }[];
}

/** Recent questions Netra could not answer (fallback/clarify) or whose answer got a 👎, texts masked. */
export async function recentMisses(db: Db, options: { days?: number; limit?: number } = {}): Promise<RecentMiss[]> {
  const since = new Date(Date.now() - (options.days ?? 30) * 86_400_000);
  const disliked = db.select({ queryId: feedback.queryId }).from(feedback).where(and(eq(feedback.rating, -1), gte(feedback.createdAt, since)));
  const rows = await db
    .select({
      id: queryLog.id,
      at: queryLog.createdAt,
      text: queryLog.text,
      status: queryLog.status,
      candidates: queryLog.candidates,
      disliked: sql<boolean>`${queryLog.id} in (${disliked})`,
    })
    .from(queryLog)
    .where(and(gte(queryLog.createdAt, since), isNotNull(queryLog.text), or(inArray(queryLog.status, ['fallback', 'clarify']), sql`${queryLog.id} in (${disliked})`)))
    .orderBy(desc(queryLog.createdAt))
    .limit(options.limit ?? 50);
  return rows.map((r) => ({
    queryId: r.id,
    at: r.at,
    text: maskPersonalData(r.text ?? ''),
    status: r.status,
    disliked: Boolean(r.disliked),
    candidates: r.candidates,
  }));
}
