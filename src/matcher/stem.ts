import { remember } from './fuzzy.js';

/**
 * A rule-based Indonesian stemmer in the style of Sastrawi (Nazief–Adriani with confix stripping),
 * extended with the colloquial forms people type in chat (nge-/ng-/ny-/n-/m- prefixes, -in suffix).
 *
 * It only accepts a decomposition whose root is a known root word (`knowledge/lexicon/roots.txt`,
 * or a one-word slang form of one, e.g. "denger" → "dengar"). A word listed as a root is never cut,
 * which is how pegawai, relawan, bupati and friends are protected. When no decomposition reaches a
 * known root, a conservative fallback strips only the unambiguous affixes, so both the knowledge base
 * and the question are cut the same way.
 */

export type Stemmer = (word: string) => string;

const MIN_ROOT = 3;
const PARTICLES = ['lah', 'kah', 'tah', 'pun'];
const POSSESSIVES = ['nya', 'ku', 'mu'];
const DERIVATIONAL = ['kan', 'an', 'i', 'in'];
const VOWEL = /^[aiueo]/;

export function createStemmer(roots: ReadonlySet<string>, rootAlias: (word: string) => string | undefined): Stemmer {
  const cache = new Map<string, string>();
  const asRoot = (candidate: string): string | undefined => {
    if (candidate.length < MIN_ROOT) return undefined;
    if (roots.has(candidate)) return candidate;
    // Colloquial roots (denger, temen) count through the slang list; short ones would match by accident.
    if (candidate.length < 4) return undefined;
    const alias = rootAlias(candidate);
    return alias !== undefined && roots.has(alias) ? alias : undefined;
  };

  return (word: string): string => {
    const cached = cache.get(word);
    if (cached !== undefined) return cached;
    let result = word;
    if (word.length > MIN_ROOT && !roots.has(word) && !/\d/.test(word)) {
      result = findKnownRoot(word, asRoot) ?? fallbackStem(word);
    }
    remember(cache, word, result);
    return result;
  };
}

/**
 * Tries decompositions in Sastrawi's order: inflections, then derivational suffix, then prefixes.
 * Every inflection level is tried, since "-ku"/"-mu"/"-nya" may belong to the word (berlaku, ketemu, ditanya).
 */
function findKnownRoot(word: string, asRoot: (w: string) => string | undefined): string | undefined {
  const inflected = withoutInflections(word);
  for (const form of inflected) {
    const hit = asRoot(form);
    if (hit) return hit;
  }
  for (const base of [...inflected].reverse()) {
    const stripped = DERIVATIONAL.filter((s) => base.endsWith(s)).map((s) => base.slice(0, -s.length));
    for (const form of stripped) {
      const hit = asRoot(form);
      if (hit) return hit;
    }
    // Prefixes on the suffix-stripped forms first, then on the whole form (the suffix may be part of the root).
    for (const form of [...stripped, base]) {
      const hit = stripPrefixes(form, 3, asRoot);
      if (hit) return hit;
    }
  }
  return undefined;
}

function withoutInflections(word: string): string[] {
  const forms = [word];
  let current = word;
  for (const group of [PARTICLES, POSSESSIVES]) {
    const suffix = group.find((s) => current.endsWith(s) && current.length - s.length >= MIN_ROOT);
    if (suffix) {
      current = current.slice(0, -suffix.length);
      forms.push(current);
    }
  }
  return forms;
}

function stripPrefixes(word: string, depth: number, asRoot: (w: string) => string | undefined): string | undefined {
  if (depth === 0) return undefined;
  for (const candidate of prefixCandidates(word)) {
    const hit = asRoot(candidate) ?? stripPrefixes(candidate, depth - 1, asRoot);
    if (hit) return hit;
  }
  return undefined;
}

/** Every way one prefix can come off `word`, with the sound changes of meN-/peN- undone. */
export function prefixCandidates(word: string): string[] {
  const out: string[] = [];
  const add = (c: string) => {
    if (c.length >= MIN_ROOT && c !== word) out.push(c);
  };
  const rest = (n: number) => word.slice(n);

  if (word.startsWith('di')) add(rest(2));
  if (word.startsWith('ke')) add(rest(2));
  if (word.startsWith('se')) add(rest(2));
  if (word.startsWith('ter')) {
    add(rest(3));
    add('r' + rest(3));
  } else if (word.startsWith('te')) add(rest(2));
  if (word.startsWith('ber')) {
    add(rest(3));
    add('r' + rest(3));
  } else if (word.startsWith('bel')) add(rest(3));
  else if (word.startsWith('be')) add(rest(2));
  if (word.startsWith('per')) {
    add(rest(3));
    add('r' + rest(3));
  }
  for (const head of ['me', 'pe'] as const) {
    if (!word.startsWith(head)) continue;
    const r = rest(2);
    if (r.startsWith('ng')) {
      const after = r.slice(2);
      if (after.startsWith('e')) add(after.slice(1)); // menge-/penge- before one-syllable roots
      add(after);
      if (VOWEL.test(after)) add('k' + after);
    } else if (r.startsWith('ny')) {
      add('s' + r.slice(2));
      add('c' + r.slice(2));
    } else if (r.startsWith('m')) {
      const after = r.slice(1);
      if (VOWEL.test(after)) {
        add('p' + after);
        add(r); // me-m…: meminta → minta
      } else add(after); // membuat, mempromosikan
    } else if (r.startsWith('n')) {
      const after = r.slice(1);
      if (VOWEL.test(after)) {
        add('t' + after);
        add(r); // me-n…: menanti → nanti
      } else add(after); // mendukung, mencalonkan
    } else add(r); // me-l/r/w/y…: melanggar, merawat; pe-l/r…: pelapor, perawat
    if (head === 'pe' && r.startsWith('l')) add(r.slice(1)); // pelajar → ajar
  }
  // Colloquial Jakarta-style verb prefixes: ngelike, ngajak, ngumpulin, nyalon, nemenin, milih.
  if (word.startsWith('nge') && !VOWEL.test(word.slice(3))) add(rest(3));
  if (word.startsWith('ng') && VOWEL.test(rest(2))) {
    add(rest(2));
    add('k' + rest(2));
  }
  if (word.startsWith('ny') && VOWEL.test(rest(2))) {
    add('s' + rest(2));
    add('c' + rest(2));
  }
  if (/^n[aiueo]/.test(word)) add('t' + rest(1));
  if (/^m[aiueo]/.test(word)) add('p' + rest(1));
  return out;
}

/**
 * Used when no decomposition reaches a known root. Only affixes that are almost never part of a root
 * come off, and only when enough of the word remains.
 */
function fallbackStem(word: string): string {
  let w = word;
  const strip = (suffix: string, keep: number) => {
    if (w.endsWith(suffix) && w.length - suffix.length >= keep) {
      w = w.slice(0, -suffix.length);
      return true;
    }
    return false;
  };
  for (const p of PARTICLES) if (strip(p, 4)) break;
  for (const p of POSSESSIVES) if (strip(p, 4)) break;

  let prefixed = false;
  const colloquial = /^(nge)(?![aiueo])/.exec(w);
  if (colloquial && w.length - 3 >= 4) {
    w = w.slice(3);
    prefixed = true;
  } else if (/^di[^aiueo][aiueo]/.test(w) && w.length - 2 >= 4) {
    w = w.slice(2);
    prefixed = true;
  } else {
    const recoded = recodeNasal(w);
    if (recoded && recoded.length >= 4) {
      w = recoded;
      prefixed = true;
    }
  }
  if (!strip('kan', 4) && prefixed) {
    if (!strip('in', 4) && !strip('an', 4)) strip('i', 4);
  } else if (!prefixed) strip('in', 5);
  return w;
}

/** meN-/peN- with the most common sound change: mem+V → p, men+V → t, meny → s, meng+V → V; me+l/r/w/y. */
function recodeNasal(w: string): string | undefined {
  if (/^me[lrwy][aiueo]/.test(w)) return w.slice(2);
  const m = /^(me|pe)(ng|ny|m|n)(.*)$/.exec(w);
  if (!m) return undefined;
  const [, , nasal = '', tail = ''] = m;
  const vowel = VOWEL.test(tail);
  switch (nasal) {
    case 'ng':
      return tail;
    case 'ny':
      return vowel ? 's' + tail : undefined;
    case 'm':
      return vowel ? 'p' + tail : /^[bfpv]/.test(tail) ? tail : undefined;
    case 'n':
      return vowel ? 't' + tail : /^[cdjzst]/.test(tail) ? tail : undefined;
    default:
      return undefined;
  }
}
