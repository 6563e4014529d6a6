/**
 * The question inside a long narrative. People often tell a whole story ("I teach at a state school,
 * last week a candidate's team came to the village, my neighbour asked me to …") and put the actual
 * question in one sentence of it. Matching on the whole text lets the story's words (places, roles,
 * family) dilute the ones that carry the question; matching on the question sentence alone loses the
 * act the story names. The matcher ranks both and fuses them (see index.ts).
 *
 * Pure and cheap: a split on sentence ends and a look-up of question words.
 */

/** A text with fewer content terms than this is matched as a whole only, so short questions never change. */
export const MIN_NARRATIVE_TERMS = 15;

/**
 * A question part with fewer content terms is ranked no further: "boleh gak ya?" names no act, and the
 * story around it already carries everything it means.
 */
export const MIN_PART_TERMS = 6;

/**
 * Words that open or carry a question, in Indonesian, chat Indonesian, Javanese, Sundanese, Betawi and
 * English. Surface words (lower case), compared before slang replacement and stemming.
 */
const QUESTION_WORDS = new Set([
  // Indonesian and chat spellings
  'apa', 'apakah', 'apa2', 'apaan', 'bolehkah', 'boleh', 'bole', 'blh', 'bolehnya', 'gimana', 'gmn', 'gmna', 'bagaimana', 'bagaimanakah',
  'bisa', 'bisakah', 'bs', 'kena', 'aman', 'amankah', 'dilarang', 'dilarangkah', 'melanggar', 'langgar', 'salahkah', 'haruskah', 'wajibkah',
  'perlukah', 'mengapa', 'kenapa', 'knp', 'kapan', 'siapa', 'mana', 'dimana', 'berapa', 'kah', 'tidakkah', 'gak', 'ga', 'nggak', 'enggak',
  'gpp', 'masalah', 'sanksinya', 'hukumnya', 'ya', 'yah', 'kan', 'toh', 'tah', 'emang', 'emangnya',
  // Javanese, Sundanese, Betawi
  'piye', 'pripun', 'opo', 'menopo', 'oleh', 'entuk', 'olih', 'kumaha', 'naon', 'meunang', 'kenging', 'teu', 'kagak', 'gimane', 'ape', 'kenape',
  // English
  'can', 'could', 'may', 'should', 'allowed', 'ok', 'okay', 'what', 'how', 'why', 'whether',
]);

/** Sentence ends: . ! ? … and line breaks; a dot inside a number or an abbreviation ("no. 5", "2.0") barely matters here. */
const SENTENCE_END = /(?<=[.!?…])\s+|\n+/u;

/**
 * The sentences of `text` that carry its question: those with a question mark, else those with a
 * question word. Null when the text is one sentence, when no sentence looks like a question, or when
 * every sentence does (then the whole text is the question).
 */
export function questionPart(text: string): string | null {
  const sentences = text
    .split(SENTENCE_END)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  if (sentences.length < 2) return null;
  const isQuestion = sentences.some((s) => s.includes('?')) ? (s: string) => s.includes('?') : hasQuestionWord;
  const picked = sentences.filter(isQuestion);
  if (picked.length === 0 || picked.length === sentences.length) return null;
  return picked.join(' ');
}

function hasQuestionWord(sentence: string): boolean {
  for (const word of sentence.toLowerCase().split(/[^\p{L}\p{N}]+/u)) if (QUESTION_WORDS.has(word)) return true;
  return false;
}
