import { isRight, type EvalCase } from '../../matcher/evaluate.js';
import type { CaseOutcome } from '../../kb/build-protocol.js';

/** How a labelled question's outcome moves when a phrasing is added. */
export interface OutcomeChange {
  set: string;
  line: number;
  text: string;
  expect: EvalCase['expect'] | null;
  before: { status: CaseOutcome['status']; entryId: string | null };
  after: { status: CaseOutcome['status']; entryId: string | null };
  /** `fixed`: now answered right; `broken`: was answered right, or now answered wrong; `changed`: anything else. */
  effect: 'fixed' | 'broken' | 'changed';
}

/** Questions whose status or answered entry differs between the two runs (pure). */
export function outcomeChanges(set: string, cases: readonly EvalCase[], before: readonly CaseOutcome[], after: readonly CaseOutcome[]): OutcomeChange[] {
  const changes: OutcomeChange[] = [];
  cases.forEach((c, i) => {
    const b = before[i];
    const a = after[i];
    if (!b || !a || (b.status === a.status && b.id === a.id)) return;
    const rightBefore = b.status === 'answered' && isRight(c.expect, b.id);
    const rightAfter = a.status === 'answered' && isRight(c.expect, a.id);
    const wrongAfter = a.status === 'answered' && !rightAfter && c.expect !== undefined;
    const effect = rightAfter && !rightBefore ? 'fixed' : (rightBefore && !rightAfter) || wrongAfter ? 'broken' : 'changed';
    changes.push({
      set,
      line: i + 1,
      text: c.text,
      expect: c.expect ?? null,
      before: { status: b.status, entryId: b.id },
      after: { status: a.status, entryId: a.id },
      effect,
    });
  });
  return changes;
}
