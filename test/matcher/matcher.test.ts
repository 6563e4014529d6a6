import { beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledgeDir } from '../../src/kb/load.js';
import type { KnowledgeEntry } from '../../src/kb/types.js';
import { buildMatcher, decide, loadMatcherData, type Matcher, type MatcherData, type Thresholds } from '../../src/matcher/index.js';

let entries: KnowledgeEntry[];
let data: MatcherData;
let matcher: Matcher;

beforeAll(async () => {
  entries = (await loadKnowledgeDir('knowledge')).entries;
  data = await loadMatcherData('knowledge');
  matcher = buildMatcher(entries, data);
});

describe('answers questions it is sure about', () => {
  it.each([
    ['boleh ga asn ngelike postingan capres di ig?', 'medsos-like-komentar-share'],
    ['pns boleh jadi pengurus partai politik?', 'anggota-pengurus-partai'],
    ['tetangga saya caleg, saya pns boleh pasang spanduknya di rumah?', 'pasang-spanduk-baliho-apk'],
    ['saya pppk, boleh jadi saksi di TPS untuk paslon?', 'saksi-paslon-di-tps'],
    ['kades boleh dukung paslon ga?', 'kepala-desa-perangkat-desa'],
    ['boleh ga asn jd anggota KPPS?', 'asn-jadi-kpps-pps-ppk'],
  ])('%s', (question, id) => {
    const result = matcher.match(question);
    expect(result.status).toBe('answered');
    expect(result.entry?.id).toBe(id);
  });

  it('reads slang, number swaps and elongations on the way', () => {
    expect(matcher.match('s4ya 4sn, bolehhh ngel1ke postingan cagub?').entry?.id).toBe('medsos-like-komentar-share');
  });

  it('repairs typos against the words it knows', () => {
    for (const [typo, word] of [['broadcst', 'broadcast'], ['deklrasi', 'deklarasi'], ['pilkda', 'pilkada']]) {
      const repaired = matcher.match(`${typo ?? ''} asn`);
      expect(repaired.candidates.length).toBeGreaterThan(0);
      expect(repaired.candidates[0]?.entryId).toBe(matcher.match(`${word ?? ''} asn`).candidates[0]?.entryId);
    }
  });
});

describe('falls back on questions outside political neutrality', () => {
  it.each([
    'selamat siang admin',
    'terima kasih banyak ya',
    'tes tes',
    'cuaca besok cerah tidak?',
    'resep nasi goreng enak gimana',
    'berapa gaji pokok pns golongan 3a?',
    '',
    '🙏🙏',
  ])('%s', (question) => {
    const result = matcher.match(question);
    expect(result.status).toBe('fallback');
    expect(result.entry).toBeNull();
    expect(result.suggestions).toEqual([]);
  });

  it.each([
    'kapan tunjangan kinerja bulan ini dibayar?',
    'syarat naik pangkat pilihan apa saja?',
    'cara mengajukan cuti tahunan gimana?',
    'uang makan pns berapa per hari?',
    'kapan pensiun pns guru?',
    'lokasi TPS saya di mana ya?',
    'kapan pengumuman hasil pemilu?',
    'gimana cara pindah tugas ke provinsi lain?',
  ])('never answers "%s" with a neutrality entry', (question) => {
    expect(matcher.match(question).status).not.toBe('answered');
  });
});

describe('asks back when unsure', () => {
  it('offers the close candidates for a vague question', () => {
    const result = matcher.match('bolehkah pns ikut kampanye?');
    expect(result.status).toBe('clarify');
    expect(result.entry).toBeNull();
    const ids = result.suggestions.map((e) => e.id);
    expect(ids).toContain('ikut-kampanye-atribut-mobilisasi');
    expect(ids).toContain('hadir-kampanye-pasif');
  });

  it('offers at most three choices, best first', () => {
    for (const question of ['pns sama partai politik gimana aturannya?', 'pns lapor pelanggaran kampanye ke mana?', 'bolehkah pns ikut kampanye?']) {
      const result = matcher.match(question);
      expect(result.status).toBe('clarify');
      expect(result.suggestions.length).toBeGreaterThan(0);
      expect(result.suggestions.length).toBeLessThanOrEqual(3);
      expect(result.suggestions[0]?.id).toBe(result.candidates[0]?.entryId);
    }
  });
});

describe('the second reading (character fragments)', () => {
  it('agrees with the word ranker on an entry’s own title, and says so in the explanation', () => {
    const agreeing = entries.filter((entry) => {
      const explanation = matcher.explain(entry.title);
      return explanation.candidates[0]?.entryId === entry.id && explanation.viewsAgree;
    });
    expect(agreeing.length).toBeGreaterThanOrEqual(Math.floor(entries.length * 0.95));
  });

  it('reads a badly typed question the same way as the clean one', () => {
    const clean = matcher.explain('bolehkah asn hadir kampanye terbuka sebagai penonton?');
    const typed = matcher.explain('bolehkh asn hdir kampnye terbuka sbg penonton?');
    expect(typed.candidates[0]?.entryId).toBe(clean.candidates[0]?.entryId);
    expect(typed.viewsAgree).toBe(true);
  });
});

describe('the match result', () => {
  it('carries scores in [0, 1], the top three candidates and the phrasing that matched', () => {
    const result = matcher.match('pns boleh jadi pengurus partai politik?');
    expect(result.score).toBeGreaterThan(0);
    expect(result.score).toBeLessThanOrEqual(1);
    expect(result.candidates).toHaveLength(3);
    expect(result.candidates[0]?.score).toBe(result.score);
    for (const c of result.candidates) {
      expect(c.score).toBeGreaterThanOrEqual(0);
      expect(c.score).toBeLessThanOrEqual(1);
      const entry = entries.find((e) => e.id === c.entryId);
      expect([entry?.title, ...(entry?.questions ?? [])]).toContain(c.matchedPhrase);
    }
    expect(result.normalized).toBe('pns boleh pengurus partai');
  });

  it('is a pure function of the question', () => {
    const again = buildMatcher(entries, data);
    for (const question of ['pns boleh jadi pengurus partai politik?', 'bolehkah pns ikut kampanye?', 'halo']) {
      expect(again.match(question)).toEqual(matcher.match(question));
      expect(matcher.match(question)).toEqual(matcher.match(question));
    }
  });

  it('is rebuilt, not changed, when the knowledge changes', () => {
    const extra: KnowledgeEntry = {
      ...(entries[0] as KnowledgeEntry),
      id: 'asn-jadi-juri-lomba-kampanye',
      title: 'ASN menjadi juri lomba jingle kampanye',
      questions: ['Bolehkah ASN menjadi juri lomba jingle kampanye calon?', 'pns diminta jadi juri lomba jingle paslon, boleh?'],
      keywords: ['juri', 'jingle'],
    };
    const question = 'asn jadi juri lomba jingle kampanye cabup boleh?';
    const rebuilt = buildMatcher([...entries, extra], data);
    expect(rebuilt.match(question).entry?.id).toBe(extra.id);
    expect(matcher.match(question).candidates.map((c) => c.entryId)).not.toContain(extra.id);
  });
});

describe('the decision rule', () => {
  const t: Thresholds = {
    answer: 0.4,
    margin: 0.1,
    marginNeighbour: 0.2,
    clarify: 0.2,
    answerOffDomain: 0.7,
    clarifyOffDomain: 0.3,
    suggestionRatio: 0.5,
  };
  const scored = (...scores: number[]) => scores.map((score, entry) => ({ entry, score, phrasing: 0, retrieval: score, probability: 0 }));
  const ranking = (scores: number[], inDomain = true, electionWord = true, runnerUpIsNeighbour = false, viewsAgree = false, runnerUpSharesVerdict = true) => ({
    ranked: scored(...scores),
    inDomain,
    electionWord,
    runnerUpIsNeighbour,
    viewsAgree,
    runnerUpSharesVerdict,
  });

  it('answers a good score with a clear lead', () => {
    expect(decide(ranking([0.5, 0.3], true), t).status).toBe('answered');
  });

  it('asks back when the runner-up is close, offering the candidates near the best', () => {
    const d = decide(ranking([0.5, 0.45, 0.3, 0.2], true), t);
    expect(d.status).toBe('clarify');
    expect(d.suggestions.map((s) => s.entry)).toEqual([0, 1, 2]);
  });

  it('needs a clearer lead when the runner-up is a neighbouring topic (same category)', () => {
    expect(decide(ranking([0.5, 0.35], true, true, false), t).status).toBe('answered');
    expect(decide(ranking([0.5, 0.35], true, true, true), t).status).toBe('clarify');
    expect(decide(ranking([0.5, 0.25], true, true, true), t).status).toBe('answered');
  });

  it('when the character view agrees on the best entry, the laxer agreed thresholds apply (only in domain, only if laxer, never when the runner-up has another verdict)', () => {
    const agreed = { ...t, answerAgreed: 0.35, marginAgreed: 0 };
    expect(decide(ranking([0.36, 0.34], true, true, true, false), agreed).status).toBe('clarify');
    expect(decide(ranking([0.36, 0.34], true, true, true, true), agreed).status).toBe('answered');
    expect(decide(ranking([0.34, 0.1], true, true, false, true), agreed).status).toBe('clarify');
    // Without the full domain signal the off-domain threshold stays, agreement or not.
    expect(decide(ranking([0.6, 0.1], false, true, false, true), agreed).status).toBe('clarify');
    // Agreed thresholds stricter than the plain ones never make the decision stricter.
    expect(decide(ranking([0.5, 0.3], true, true, false, true), { ...t, answerAgreed: 0.9, marginAgreed: 0.5 }).status).toBe('answered');
    // A runner-up with another verdict: a mix-up would give the wrong verdict, so the plain rule stays.
    expect(decide(ranking([0.36, 0.34], true, true, true, true, false), agreed).status).toBe('clarify');
    // Absent agreed thresholds: agreement changes nothing.
    expect(decide(ranking([0.36, 0.34], true, true, true, true), t).status).toBe('clarify');
  });

  it('asks back on a middling score', () => {
    expect(decide(ranking([0.3], true), t).status).toBe('clarify');
  });

  it('falls back on a low score or nothing at all', () => {
    expect(decide(ranking([0.1], true), t).status).toBe('fallback');
    expect(decide(ranking([]), t).status).toBe('fallback');
  });

  it('is stricter without the domain signal', () => {
    expect(decide(ranking([0.5, 0.1], false), t).status).toBe('clarify');
    expect(decide(ranking([0.25], false), t).status).toBe('fallback');
    expect(decide(ranking([0.8, 0.1], false), t).status).toBe('answered');
  });

  it('falls back without any election word unless the score is very high', () => {
    // a middling score that would be a clarify with an election word (but no conduct word)
    expect(decide(ranking([0.5, 0.1], false, true), t).status).toBe('clarify');
    expect(decide(ranking([0.5, 0.1], false, false), t)).toEqual({ status: 'fallback', suggestions: [] });
    expect(decide(ranking([0.69, 0.6], false, false), t).status).toBe('fallback');
    // very high: the usual rule applies
    expect(decide(ranking([0.8, 0.1], false, false), t).status).toBe('answered');
    expect(decide(ranking([0.75, 0.7], false, false), t).status).toBe('clarify');
  });
});

describe('off-topic civil-service questions', () => {
  it.each([
    'kapan gaji ke-13 PNS tahun ini cair?',
    'TPP bulan ini kok belum masuk ya?',
    'cuti melahirkan buat pns berapa bulan?',
    'syarat kenaikan pangkat pns apa aja?',
    'pns boleh ngajuin mutasi ke luar daerah?',
    'usia pensiun pns berapa tahun?',
    'jam berapa kantor BKN buka?',
  ])('falls back, without offering neutrality topics: %s', (question) => {
    const result = matcher.match(question);
    expect(result.status).toBe('fallback');
    expect(result.suggestions).toEqual([]);
  });
});
