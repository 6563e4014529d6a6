import type { MatcherData } from './data.js';
import { createStemmer, type Stemmer } from './stem.js';

/** What the matcher sees of a text: content stems in order, after slang, stemming, synonyms and stop words. */
export interface Analysis {
  /** Content terms (stems), in text order, duplicates kept. */
  terms: string[];
}

export interface Normalizer {
  analyse(text: string): Analysis;
  /** The surface words after clean-up and slang replacement, before stemming. */
  surfaceWords(text: string): string[];
  stem: Stemmer;
}

/** Hyphenated halves that belong to the word next to them (nge-like, like-in, di-share, postingan-nya). */
const BOUND_PREFIXES = new Set(['nge', 'ng', 'di', 'ter', 'ber', 'me', 'meng', 'men', 'mem', 'ke', 'se', 'pe']);
const BOUND_SUFFIXES = new Set(['in', 'an', 'kan', 'nya', 'i', 'lah', 'kah', 'ku', 'mu', 'pun']);
/** Number-for-letter swaps in chat spelling (s4ya, 4sn, p3milu). "2" is left out: it marks reduplication. */
const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '6': 'g', '7': 't', '8': 'b', '9': 'g' };

const TERM_CACHE_SIZE = 100_000;
/** Possessive and emphatic endings that may follow a slang phrase's last word. */
const CLITIC = /(nya|ku|mu|lah)$/;

/** Builds the text normaliser from the lexicon. */
export function createNormalizer(data: MatcherData): Normalizer {
  const { slang, synonyms, stopwords, roots } = data;
  // Every word that starts a slang key: its one-word replacement, if any, and the longest key it starts
  // (one lookup per word, since most words are not slang at all).
  const slangStarts = new Map<string, SlangStart>();
  for (const [key, target] of slang) {
    const words = key.split(' ');
    const first = words[0] ?? '';
    const start = slangStarts.get(first) ?? { target: undefined, longest: 1 };
    if (words.length === 1) start.target = target;
    else start.longest = Math.max(start.longest, words.length);
    slangStarts.set(first, start);
  }
  const rootAlias = (word: string) => {
    const target = slang.get(word);
    return target && target.length === 1 ? target[0] : undefined;
  };
  const stem = createStemmer(roots, rootAlias);
  // Words the lexicon knows decide how to undo elongations ("maaaf" → "maaf", "bolehhh" → "boleh").
  const known = (w: string) => slang.has(w) || roots.has(w) || stopwords.has(w);

  const surfaceWords = (text: string): string[] => applySlang(cleanTokens(text, known), slang, slangStarts);

  // Word → index term ('' for a stop word). A knowledge base repeats its words across thousands of
  // phrasings, so terms are cached; bounded, since questions bring new words forever.
  const termCache = new Map<string, string>();
  const termOf = (word: string): string => {
    let term = termCache.get(word);
    if (term === undefined) {
      if (stopwords.has(word)) term = '';
      else {
        const stemmed = stem(word);
        term = synonyms.get(stemmed) ?? stemmed;
        if (stopwords.has(term)) term = '';
      }
      if (termCache.size >= TERM_CACHE_SIZE) termCache.clear();
      termCache.set(word, term);
    }
    return term;
  };

  const analyse = (text: string): Analysis => {
    const terms: string[] = [];
    for (const word of surfaceWords(text)) {
      const term = termOf(word);
      if (term !== '') terms.push(term);
    }
    return { terms };
  };

  return { analyse, surfaceWords, stem };
}

/** Lower-case, Unicode clean-up, hyphens, number swaps and elongations. Returns surface tokens. */
export function cleanTokens(text: string, known: (word: string) => boolean = () => false): string[] {
  const tokens: string[] = [];
  if (plainChunks(text, tokens, known)) return tokens;
  tokens.length = 0; // the scan gave up part-way: start again on the general path
  const plain = /[^\x00-\x7f]/.test(text)
    ? text
        .normalize('NFKC')
        .toLowerCase()
        .normalize('NFD')
        .replace(/\p{M}+/gu, '')
        .replace(/(\p{L})['’`](\p{L})/gu, '$1$2')
        .replace(/[^\p{L}\p{N}-]+/gu, ' ')
    : text
        .toLowerCase()
        .replace(/([a-z])['`]([a-z])/g, '$1$2')
        .replace(/[^a-z0-9-]+/g, ' ');
  // Amounts and codes glued to words: 100rb → 100 rb, pp53 → pp 53 (a single digit may be a letter swap).
  const spaced = /\d\d/.test(plain) ? plain.replace(/(\d{2,})(\p{L})/gu, '$1 $2').replace(/(\p{L})(\d{2,})/gu, '$1 $2') : plain;
  for (const chunk of spaced.split(' ')) pushChunk(tokens, chunk, known);
  return tokens;
}

// The helpers below are plain functions, not closures made per text: building an index cleans
// hundreds of thousands of texts, and a closure per call showed up in its profile.

function pushChunk(tokens: string[], chunk: string, known: (word: string) => boolean): void {
  if (chunk.length === 0) return;
  if (!chunk.includes('-')) pushToken(tokens, chunk, known);
  else for (const piece of splitHyphens(chunk)) pushToken(tokens, piece, known);
}

function pushToken(tokens: string[], piece: string, known: (word: string) => boolean): void {
  // Only digits and doubled letters can need repair; most words skip the lexicon lookups.
  const token = !repairable(piece) || known(piece) ? piece : undoElongation(undoNumberSpelling(piece), known);
  if (token.length > 0) tokens.push(token);
}

/**
 * Most chat text is plain ASCII with nothing to join or split: its chunks are then the runs of
 * [a-z0-9-], found here in one scan (the general path gives the same through regular expressions,
 * several times slower). Returns false, having maybe pushed some tokens, when the text needs the
 * general path: non-ASCII, an apostrophe or backtick, or two digits in a row.
 */
function plainChunks(text: string, tokens: string[], known: (word: string) => boolean): boolean {
  const lower = text.toLowerCase();
  let start = -1;
  let previousDigit = false;
  for (let i = 0; i <= lower.length; i++) {
    const c = i < lower.length ? lower.charCodeAt(i) : 32;
    const digit = c >= 48 && c <= 57;
    if (c > 127 || c === 39 || c === 96 || (digit && previousDigit)) return false;
    previousDigit = digit;
    const inWord = (c >= 97 && c <= 122) || digit || c === 45;
    if (inWord && start < 0) start = i;
    else if (!inWord && start >= 0) {
      pushChunk(tokens, lower.slice(start, i), known);
      start = -1;
    }
  }
  return true;
}

function splitHyphens(chunk: string): string[] {
  const parts = chunk.split('-').filter((p) => p.length > 0);
  if (parts.length < 2) return parts;
  const out: string[] = [parts[0] ?? ''];
  for (const part of parts.slice(1)) {
    const last = out[out.length - 1] ?? '';
    if (BOUND_PREFIXES.has(last) || BOUND_SUFFIXES.has(part)) out[out.length - 1] = last + part;
    else if (part === last || part.startsWith(last)) out[out.length - 1] = part; // reduplication: teman-teman
    else if (last.startsWith(part)) continue;
    else out.push(part);
  }
  return out;
}

function undoNumberSpelling(token: string): string {
  if (!/\d/.test(token) || !/[a-z]/.test(token)) return token;
  // Reduplication written with 2: teman2 → teman, seru2an → seruan.
  const redup = /^([a-z]{2,})2([a-z]*)$/.exec(token);
  if (redup) return (redup[1] ?? '') + (redup[2] ?? '');
  const letters = token.replace(/\d/g, '').length;
  const singleDigits = !/\d\d/.test(token);
  if (letters >= 2 && singleDigits && /^[a-z0-9]+$/.test(token) && !/^[a-z]+\d$/.test(token)) {
    return token.replace(/\d/g, (d) => LEET[d] ?? d);
  }
  return token;
}

function undoElongation(token: string, known: (word: string) => boolean): string {
  if (known(token) || !hasDoubledLetter(token)) return token;
  if (/(\p{L})\1\1/u.test(token)) {
    const double = token.replace(/(\p{L})\1{2,}/gu, '$1$1');
    if (known(double)) return double;
    token = token.replace(/(\p{L})\1{2,}/gu, '$1');
    if (known(token)) return token;
  }
  // A doubled last letter ("bolehh", "dongg") is typing, not spelling, when the single form is known.
  const trimmed = token.replace(/(\p{L})\1$/u, '$1');
  return trimmed !== token && known(trimmed) ? trimmed : token;
}

/** Whether a token has a digit or a doubled character (the only things cleanTokens repairs). */
function repairable(token: string): boolean {
  let previous = -1;
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    if (c === previous || (c >= 48 && c <= 57)) return true;
    previous = c;
  }
  return false;
}

function hasDoubledLetter(token: string): boolean {
  for (let i = 1; i < token.length; i++) if (token.charCodeAt(i) === token.charCodeAt(i - 1)) return true;
  return false;
}

interface SlangStart {
  target: readonly string[] | undefined;
  longest: number;
}

/** Replaces slang words and phrases, longest phrase first. Replacement words are not looked up again. */
function applySlang(
  tokens: string[],
  slang: ReadonlyMap<string, readonly string[]>,
  slangStarts: ReadonlyMap<string, SlangStart>,
): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < tokens.length) {
    const word = tokens[i] ?? '';
    const start = slangStarts.get(word);
    if (!start) {
      out.push(word);
      i++;
      continue;
    }
    let length = 1;
    let target = start.target;
    for (let n = Math.min(start.longest, tokens.length - i); n > 1; n--) {
      const key = tokens.slice(i, i + n).join(' ');
      // A phrase keeps its meaning with a clitic on its last word: "plat merahnya", "tim suksesnya".
      const phrase = slang.get(key) ?? slang.get(key.replace(CLITIC, ''));
      if (phrase) {
        target = phrase;
        length = n;
        break;
      }
    }
    if (target) out.push(...target);
    else out.push(word);
    i += length;
  }
  return out;
}
