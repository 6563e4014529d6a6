import { describe, expect, it } from 'vitest';
import { fuseRankings } from '../../src/matcher/index.js';
import { questionPart } from '../../src/matcher/question-part.js';
import type { Scored } from '../../src/matcher/scorer.js';

describe('the question inside a long narrative', () => {
  it('picks the sentences with a question mark', () => {
    const text = 'Saya guru PNS di SD negeri. Minggu lalu ada caleg datang ke sekolah. Bolehkah saya ikut menyambut caleg itu di gerbang sekolah? Terima kasih.';
    expect(questionPart(text)).toBe('Bolehkah saya ikut menyambut caleg itu di gerbang sekolah?');
  });

  it('falls back to the sentences with a question word when no sentence has a question mark', () => {
    const text = 'Aku perawat PPPK di puskesmas. Tetangga jadi caleg dan minta aku pasang stiker di motor. Kalau cuma stiker kecil aman ga';
    expect(questionPart(text)).toBe('Kalau cuma stiker kecil aman ga');
  });

  it('reads Javanese, Sundanese and English question words', () => {
    expect(questionPart('Aku guru. Pakdhe dadi caleg. Nek aku melu kampanye piye')).toBe('Nek aku melu kampanye piye');
    expect(questionPart('Abdi PNS. Lanceuk abdi nyalon. Kumaha upami abdi ngiring kampanye')).toBe('Kumaha upami abdi ngiring kampanye');
    expect(questionPart('I am a civil servant. My uncle runs for office. Can I join his campaign')).toBe('Can I join his campaign');
  });

  it('has no part for one sentence, for no question at all, or when every sentence asks', () => {
    expect(questionPart('aku pns boleh ikut kampanye gak sih?')).toBeNull();
    expect(questionPart('Saya PNS. Saya ikut kampanye kemarin.')).toBeNull();
    expect(questionPart('Boleh like postingan calon? Kalau komentar?')).toBeNull();
  });
});

describe('fusing the whole ranking with the question part', () => {
  const scored = (entry: number, score: number): Scored => ({ entry, score, phrasing: entry, retrieval: score, probability: 0 });

  it("keeps the better score of each entry, from the reading that won, when both readings agree on the best entry", () => {
    const fused = fuseRankings([scored(0, 0.4), scored(1, 0.3)], [{ ...scored(0, 0.6), phrasing: 9 }, scored(2, 0.1)]);
    expect(fused).toEqual([{ ...scored(0, 0.6), phrasing: 9 }, scored(1, 0.3), scored(2, 0.1)]);
  });

  it('keeps the whole ranking when the question part prefers another entry', () => {
    const whole = [scored(0, 0.4), scored(1, 0.3)];
    expect(fuseRankings(whole, [scored(1, 0.6), scored(0, 0.2)])).toEqual(whole);
  });
});
