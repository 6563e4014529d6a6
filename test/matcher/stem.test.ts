import { beforeAll, describe, expect, it } from 'vitest';
import { loadMatcherData } from '../../src/matcher/index.js';
import { createNormalizer } from '../../src/matcher/normalize.js';
import { createStemmer, type Stemmer } from '../../src/matcher/stem.js';

let stem: Stemmer;

beforeAll(async () => {
  stem = createNormalizer(await loadMatcherData('knowledge')).stem;
});

describe('Indonesian stemming', () => {
  it.each([
    ['dikampanyekan', 'kampanye'],
    ['berkampanye', 'kampanye'],
    ['mencalonkan', 'calon'],
    ['pencalonan', 'calon'],
    ['memposting', 'posting'],
    ['postingan', 'posting'],
    ['melanggar', 'langgar'],
    ['pelanggaran', 'langgar'],
    ['diperbolehkan', 'boleh'],
    ['kepegawaian', 'pegawai'],
    ['mengunggahnya', 'unggah'],
    ['pemilihan', 'pilih'],
    ['menghadiri', 'hadir'],
    ['bolehkah', 'boleh'],
  ])('%s → %s', (word, root) => {
    expect(stem(word)).toBe(root);
  });

  it.each([
    ['ngelike', 'like'],
    ['nyalon', 'calon'],
    ['nyoblos', 'coblos'],
    ['dengerin', 'dengar'],
    ['ngumpulin', 'kumpul'],
    ['dikumpulin', 'kumpul'],
  ])('colloquial %s → %s', (word, root) => {
    expect(stem(word)).toBe(root);
  });

  it.each(['pegawai', 'relawan', 'bupati', 'keluarga', 'perangkat', 'pemilu', 'disiplin', 'berita', 'pemerintah', 'seragam', 'keluar'])(
    'does not over-stem the protected word %s',
    (word) => {
      expect(stem(word)).toBe(word);
    },
  );

  it('tries the word with its possessive-looking ending too', () => {
    expect(stem('berlaku')).toBe('laku');
    expect(stem('ditanya')).toBe('tanya');
  });

  it('does not invent look-alike roots', () => {
    expect(stem('relawan')).not.toBe('rawan');
    expect(stem('menangis')).not.toBe('menang');
    expect(stem('berikan')).toBe('beri');
  });
});

describe('the stemming rules themselves', () => {
  const tiny = createStemmer(new Set(['pakai', 'ajak', 'kirim', 'tulis', 'sebar', 'dengar']), (w) => (w === 'denger' ? 'dengar' : undefined));

  it('undoes the meN- sound changes only towards known roots', () => {
    expect(tiny('memakai')).toBe('pakai');
    expect(tiny('mengajak')).toBe('ajak');
    expect(tiny('mengirim')).toBe('kirim');
    expect(tiny('menulis')).toBe('tulis');
    expect(tiny('menyebar')).toBe('sebar');
  });

  it('reaches colloquial roots through the slang list', () => {
    expect(tiny('dengerin')).toBe('dengar');
  });

  it('falls back to conservative cuts for unknown words', () => {
    expect(tiny('dijualnya')).toBe('jual');
    expect(tiny('membangun')).toBe('bangun');
    expect(tiny('jalan')).toBe('jalan');
  });
});
