import type { SourceKind } from './types.js';

/**
 * What a source of each kind must carry, so a reader can look it up:
 * - a `regulation` names its number (in `title`, e.g. "Nomor 94 Tahun 2021", or in `ref`, e.g. "PP 94/2021")
 *   and, in `ref`, the article or point relied on ("Pasal 5 huruf n", "Lampiran II huruf B", "amar").
 *   When the article is not known from a source we have read, `ref` must say so plainly with
 *   "belum terkonfirmasi" rather than leave the reader guessing.
 * - a `reference` (explanatory or news page) has a `url`.
 */
const NUMBER_IN_TITLE = /\bNomor\s+\S+/i;
const NUMBER_IN_REF = /\d[\w.-]*\/[\w./-]+/;
const LOCATOR = /\b(Pasal|Lampiran|angka|butir|huruf|amar|diktum)\b|belum terkonfirmasi/i;

export interface SourceRuleIssue {
  field: 'title' | 'ref' | 'url';
  message: string;
}

export function sourceRuleIssues(source: { title: string; ref: string; url?: string | undefined; kind: SourceKind }): SourceRuleIssue[] {
  const issues: SourceRuleIssue[] = [];
  if (source.kind === 'regulation') {
    if (!NUMBER_IN_TITLE.test(source.title) && !NUMBER_IN_REF.test(source.ref)) {
      issues.push({
        field: 'title',
        message: 'dasar hukum (kind: regulation) harus menyebut nomornya, mis. "Nomor 94 Tahun 2021" di title atau "PP 94/2021" di ref',
      });
    }
    if (!LOCATOR.test(source.ref)) {
      issues.push({
        field: 'ref',
        message:
          'dasar hukum (kind: regulation) harus menyebut pasal atau bagian yang dirujuk (Pasal, huruf, angka, Lampiran, amar), mis. "Pasal 5 huruf n"; jika pasalnya belum diketahui, tulis "pasal belum terkonfirmasi"',
      });
    }
  } else if (!source.url) {
    issues.push({ field: 'url', message: 'rujukan (kind: reference) wajib punya url agar pembaca bisa membukanya' });
  }
  return issues;
}
