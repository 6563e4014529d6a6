/** The shape of one curated knowledge entry, as stored in `knowledge/<category>/<id>.md` and in the database. */

export const VERDICTS = ['dilarang', 'boleh', 'bersyarat', 'informasi'] as const;
export type Verdict = (typeof VERDICTS)[number];

/** `regulation`: UU, PP, Perpres, Permen, SKB, SE, Perbawaslu, PKPU, court ruling. `reference`: explanatory or news page. */
export const SOURCE_KINDS = ['regulation', 'reference'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

export interface LegalSource {
  title: string;
  ref: string;
  url?: string;
  /** Shown under "Dasar hukum" (regulation, with its article) or "Rujukan" (reference, with its link). */
  kind: SourceKind;
}

export interface KnowledgeEntry {
  id: string;
  title: string;
  /**
   * Optional short noun phrase (≤ 80 characters) naming what sets this entry apart from its neighbours,
   * e.g. "hanya hadir sebagai penonton kampanye". A clarify reply lists it instead of the title.
   */
  distinction?: string;
  category: string;
  verdict: Verdict;
  /** The first phrasing is the canonical question; the rest are how people actually ask. */
  questions: string[];
  keywords: string[];
  sources: LegalSource[];
  related: string[];
  /** ISO date (YYYY-MM-DD) of the last legal review. */
  reviewed: string;
  /** Markdown answer in Bahasa Indonesia, at most 900 characters. */
  answer: string;
}

/** Non-entry texts the conversation uses (welcome, fallback, /lapor, …), keyed by file name without `.md`. */
export type ChatTexts = Record<string, string>;
