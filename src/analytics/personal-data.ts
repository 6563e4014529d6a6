/**
 * Masks personal data a user may type into a question: e-mail addresses, phone numbers and the
 * national (NIK, 16 digits) and civil-servant (NIP, 18 digits) id numbers. It runs on the RAW text,
 * before anything else reads it, so every derived form (matcher normalisation, the stored `normalized`
 * column, clusters, reports, logs) only ever sees the masks.
 */

export const EMAIL_MASK = '[email]';
export const NUMBER_MASK = '[nomor]';

/** Separators people put inside a number: spaces, dots, hyphens and dashes, underscores, slashes, brackets. */
const SEPARATOR = String.raw`[\s.\-_/()\u2010-\u2015\u2212]`;
/**
 * Ten or more digits with at most three separator characters between any two: phone numbers in every
 * common spelling ("(0812) 3456-7890", "+62 (812) 3456 7890", "0812 - 3456 - 7890", "0812–3456–7890",
 * "0812_3456_7890", "0812/3456/7890"), NIK and NIP however they are grouped. Short numbers such as
 * "UU 27/2022" or "pasal 280" stay. Separators and digits never overlap, so matching stays linear.
 */
const LONG_NUMBER = new RegExp(String.raw`\+?\(?\d(?:${SEPARATOR}{0,3}\d){9,}`, 'g');
// The local part starts only where a run of its characters starts (lookbehind), which keeps the scan
// linear on hostile input such as "a.a.a.a…" without any "@".
const EMAIL = /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+\s*@\s*[\p{L}\p{N}-]+(?:\s*\.\s*[\p{L}\p{N}-]+)+/gu;

/**
 * The text with personal data replaced by `[email]` and `[nomor]`. NFKC first folds look-alikes that
 * would slip past the patterns: full-width digits ("０８１２…"), full-width "＠" and "．".
 */
export function maskPersonalData(text: string): string {
  return text.normalize('NFKC').replace(EMAIL, EMAIL_MASK).replace(LONG_NUMBER, NUMBER_MASK);
}
