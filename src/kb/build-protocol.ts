import type { MatcherParts, MatchStatus } from '../matcher/index.js';
import type { KnowledgeEntry } from './types.js';

/** Messages between the main thread and the matcher build worker (build-worker.ts). */
export type WorkerRequest =
  | { id: number; kind: 'parts'; entries: KnowledgeEntry[] }
  /** Matches each set of texts against the matcher of `entries`; `key` names those entries (cached). */
  | { id: number; kind: 'evaluate'; key: string; entries: KnowledgeEntry[]; sets: string[][] };

export interface CaseOutcome {
  status: MatchStatus;
  id: string | null;
  suggestions: string[];
  score: number;
}

export type WorkerResponse =
  | { id: number; ok: true; kind: 'parts'; parts: MatcherParts }
  | { id: number; ok: true; kind: 'evaluate'; outcomes: CaseOutcome[][] }
  | { id: number; ok: false; error: string };
