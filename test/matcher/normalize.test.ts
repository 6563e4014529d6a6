import { beforeAll, describe, expect, it } from 'vitest';
import { loadMatcherData, type MatcherData } from '../../src/matcher/index.js';
import { cleanTokens, createNormalizer, type Normalizer } from '../../src/matcher/normalize.js';

let data: MatcherData;
let normalizer: Normalizer;

beforeAll(async () => {
  data = await loadMatcherData('knowledge');
  normalizer = createNormalizer(data);
});

const surface = (text: string) => normalizer.surfaceWords(text).join(' ');
const terms = (text: string) => normalizer.analyse(text).terms.join(' ');

describe('clean-up of chat text', () => {
  it('lower-cases and drops punctuation and emoji', () => {
    expect(cleanTokens('Boleh GA, min?? 🙏😅 #netral')).toEqual(['boleh', 'ga', 'min', 'netral']);
  });

  it('folds Unicode look-alikes and accents', () => {
    expect(cleanTokens('Ｂｏｌｅｈ café')).toEqual(['boleh', 'cafe']);
  });

  it('undoes elongated letters using the words the lexicon knows', () => {
    expect(surface('bolehhh gaaa')).toBe('boleh tidak');
  });

  it('reads number-for-letter spellings', () => {
    expect(surface('s4ya 4sn')).toBe('saya asn');
  });

  it('keeps codes and amounts apart from words', () => {
    expect(cleanTokens('PP53 dapet 100rb')).toEqual(['pp', '53', 'dapet', '100', 'rb']);
  });

  it('collapses reduplication written with 2 or a hyphen', () => {
    expect(cleanTokens('teman2 teman-teman bagi-bagi')).toEqual(['teman', 'teman', 'bagi']);
  });

  it('joins hyphenated colloquial affixes to their word', () => {
    expect(cleanTokens('nge-like like-in di-share')).toEqual(['ngelike', 'likein', 'dishare']);
  });
});

describe('slang and abbreviations', () => {
  it('maps the many spellings of "tidak"', () => {
    expect(surface('gak ga gk nggak enggak tdk')).toBe('tidak tidak tidak tidak tidak tidak');
  });

  it('expands chat abbreviations', () => {
    expect(surface('yg dgn klo gmn')).toBe('yang dengan kalau bagaimana');
  });

  it('expands election shorthand', () => {
    expect(surface('cabup cagub capres caleg')).toBe('calon bupati calon gubernur calon presiden calon legislatif');
    expect(surface('paslon')).toBe('calon');
  });

  it('replaces whole phrases, longest first', () => {
    expect(surface('cuti di luar tanggungan negara')).toBe('cltn');
    expect(surface('pasang twibbon di pp fb')).toBe('pasang twibbon di fotoprofil');
  });

  it('recognises a phrase whose last word carries a clitic', () => {
    expect(surface('mobil plat merahnya dipakai')).toBe('kendaraandinas dipakai');
  });

  it('understands colloquial verbs through the lexicon and the stemmer', () => {
    expect(terms('ngelike nge-like likein')).toBe('like like like');
    expect(terms('nyalon')).toBe('calon');
  });
});

describe('stop words', () => {
  it('drops fillers and pronouns but keeps every verdict word', () => {
    expect(terms('min aku mau nanya dong, boleh tidak jangan harus wajib ikut bisa sama sih?')).toBe(
      'mau boleh tidak jangan harus wajib ikut bisa sama',
    );
  });

  it('leaves nothing of a greeting', () => {
    expect(terms('selamat pagi kak, makasih banyak ya 🙏')).toBe('');
  });
});
