import type { KnowledgeEntry, Verdict } from '../kb/types.js';

/** What a clarify reply needs to know about each candidate. */
export type ClarifyCandidate = Pick<KnowledgeEntry, 'title' | 'verdict' | 'distinction'>;

/** Verdicts as they read inside a sentence; `informasi` has none worth naming. */
const VERDICT_PHRASES: Record<Verdict, string | null> = {
  boleh: 'boleh',
  dilarang: 'dilarang',
  bersyarat: 'boleh dengan syarat',
  informasi: null,
};

const COUNT_WORDS = ['nol', 'satu', 'dua', 'tiga', 'empat', 'lima'];

/**
 * The text above a clarify reply's choices: it says why the bot asks. Each candidate is named by its
 * curated `distinction` (the title when it has none) and, when the candidates' verdicts differ, by its
 * verdict, so the asker sees that the choice changes the answer:
 *
 *   "Ada dua kemungkinan, dan jawabannya berbeda: hanya hadir sebagai penonton kampanye (boleh dengan
 *    syarat), atau ikut aktif berkampanye, … (dilarang). Pilih yang sesuai:"
 *
 * Pure; every channel renders the result as the reply's text, above its own buttons or numbered list.
 */
export function clarifyText(candidates: readonly ClarifyCandidate[]): string {
  if (candidates.length === 0) return 'Pilih topik yang sesuai:';
  if (candidates.length === 1) return `Apakah maksud Anda soal ${labelOf(candidates[0] as ClarifyCandidate)}? Pilih jika sesuai:`;
  const verdictsDiffer = new Set(candidates.map((c) => c.verdict).filter((v) => VERDICT_PHRASES[v] !== null)).size > 1;
  const parts = candidates.map((c) => {
    const phrase = VERDICT_PHRASES[c.verdict];
    return verdictsDiffer && phrase ? `${labelOf(c)} (${phrase})` : labelOf(c);
  });
  const count = COUNT_WORDS[candidates.length] ?? String(candidates.length);
  const intro = verdictsDiffer ? `Ada ${count} kemungkinan, dan jawabannya berbeda` : `Ada ${count} kemungkinan`;
  return `${intro}: ${joinAlternatives(parts)}. Pilih yang sesuai:`;
}

/** The distinction label, else the title with its first letter lowered unless it starts an acronym ("ASN …"). */
function labelOf(candidate: ClarifyCandidate): string {
  const label = candidate.distinction?.trim() || candidate.title.trim();
  const startsAcronym = label.length > 1 && label[1] === label[1]?.toUpperCase() && /\p{L}/u.test(label[1] ?? '');
  return startsAcronym ? label : label.charAt(0).toLowerCase() + label.slice(1);
}

/** "a, atau b" for two; "a, b, atau c" for more (the comma keeps labels that contain "atau" readable). */
function joinAlternatives(parts: string[]): string {
  const last = parts[parts.length - 1];
  return `${parts.slice(0, -1).join(', ')}, atau ${last}`;
}
