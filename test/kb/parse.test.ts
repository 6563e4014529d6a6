import { describe, expect, it } from 'vitest';
import { crossCheckEntries, parseKnowledgeFile } from '../../src/kb/parse.js';
import { serializeEntry } from '../../src/kb/serialize.js';

const VALID = `---
id: contoh-entri
title: Contoh entri
category: dasar
verdict: dilarang
questions:
  - Bolehkah ASN melakukan contoh?
  - asn boleh contoh gk
  - klo contoh gmn min
  - contoh itu dilarang ya
  - pns mau contoh boleh?
  - pppk ikut contoh bisa kena sanksi?
keywords: [contoh]
sources:
  - title: Undang-Undang Nomor 20 Tahun 2023 tentang Aparatur Sipil Negara
    ref: Pasal 9 ayat (2)
    kind: regulation
  - title: BKN Kanreg VI Medan, pelanggaran netralitas ASN
    ref: Penjelasan Lampiran II SKB 2022
    url: https://medan.bkn.go.id/2023/10/netralitas
    kind: reference
related: [entri-lain]
reviewed: 2026-11-22
---
Tidak boleh. Ini contoh jawaban.
`;

const path = 'dasar/contoh-entri.md';
const messages = (text: string, file = path) => parseKnowledgeFile(file, text).problems.map((p) => `${p.line}: ${p.message}`);

describe('parsing a knowledge file', () => {
  it('reads a valid file into an entry', () => {
    const { entry, problems } = parseKnowledgeFile(path, VALID);
    expect(problems).toEqual([]);
    expect(entry).toMatchObject({ id: 'contoh-entri', verdict: 'dilarang', keywords: ['contoh'], answer: 'Tidak boleh. Ini contoh jawaban.' });
    expect(entry?.questions).toHaveLength(6);
  });

  it('rejects a file without front matter', () => {
    expect(messages('Hanya teks.')).toEqual(['1: file harus diawali front matter YAML di antara dua baris "---"']);
  });

  it('reports broken YAML with its line', () => {
    expect(messages(VALID.replace('title: Contoh entri', 'title: [tidak ditutup'))[0]).toMatch(/^\d+: YAML tidak valid/);
  });

  it('rejects unknown fields, naming them', () => {
    expect(messages(VALID.replace('reviewed:', 'author: saya\nreviewed:')).join()).toMatch(/Unrecognized key.*author/);
  });

  it('rejects a missing field', () => {
    expect(messages(VALID.replace(/sources:\n(.*\n){7}/, '')).join()).toContain('sources:');
  });

  it('reads an optional distinction label, and rejects one longer than 80 characters on its line', () => {
    const labelled = VALID.replace('title: Contoh entri\n', 'title: Contoh entri\ndistinction: hanya hadir sebagai penonton\n');
    expect(parseKnowledgeFile(path, labelled).entry?.distinction).toBe('hanya hadir sebagai penonton');
    expect(parseKnowledgeFile(path, VALID).entry?.distinction).toBeUndefined();
    const overlong = VALID.replace('title: Contoh entri\n', `title: Contoh entri\ndistinction: ${'hadir sebagai penonton '.repeat(4)}\n`);
    expect(messages(overlong)).toEqual(["4: distinction: paling banyak 80 karakter"]);
  });

  it('writes the distinction label back when serializing, and leaves it out when absent', () => {
    const labelled = VALID.replace('title: Contoh entri\n', 'title: Contoh entri\ndistinction: hanya hadir sebagai penonton\n');
    const entry = parseKnowledgeFile(path, labelled).entry!;
    expect(parseKnowledgeFile(path, serializeEntry(entry)).entry).toEqual(entry);
    expect(serializeEntry(parseKnowledgeFile(path, VALID).entry!)).not.toContain('distinction');
  });

  it('rejects an unknown verdict on its line', () => {
    expect(messages(VALID.replace('verdict: dilarang', 'verdict: mungkin'))).toEqual([expect.stringMatching(/^5: verdict: /)]);
  });

  it('requires at least six questions', () => {
    const five = VALID.replace('  - pppk ikut contoh bisa kena sanksi?\n', '');
    expect(messages(five)).toEqual([expect.stringMatching(/^7: questions: minimal 6 pertanyaan/)]);
  });

  it('requires the id to equal the file name', () => {
    expect(messages(VALID, 'dasar/nama-lain.md')).toEqual(['2: id "contoh-entri" harus sama dengan nama file "nama-lain"']);
  });

  it('requires the category to equal the folder', () => {
    expect(messages(VALID, 'sanksi/contoh-entri.md')).toEqual(['4: category "dasar" harus sama dengan folder "sanksi"']);
  });

  it('rejects an answer longer than 900 characters', () => {
    expect(messages(VALID.replace('Ini contoh jawaban.', 'x'.repeat(950)))).toEqual([expect.stringMatching(/^\d+: jawaban 963 karakter, maksimal 900$/)]);
  });

  it('rejects an invalid review date', () => {
    expect(messages(VALID.replace('2026-11-22', '2026-13-40'))).toEqual([expect.stringMatching(/^23: reviewed: harus tanggal/)]);
  });

  it('rejects an id that is not kebab-case', () => {
    expect(messages(VALID.replace('id: contoh-entri', 'id: Contoh_Entri'), 'dasar/Contoh_Entri.md').join()).toContain('id: harus kebab-case');
  });

  it('rejects the same question twice in one entry', () => {
    expect(messages(VALID.replace('  - asn boleh contoh gk', '  - Bolehkah ASN melakukan contoh?'))).toEqual([
      expect.stringMatching(/^8: pertanyaan ganda/),
    ]);
  });
});

describe('source kinds', () => {
  const firstSource = '    ref: Pasal 9 ayat (2)\n    kind: regulation\n';

  it('reads the kind of every source', () => {
    expect(parseKnowledgeFile(path, VALID).entry?.sources.map((s) => s.kind)).toEqual(['regulation', 'reference']);
  });

  it('rejects a source without a kind, on the line of that source', () => {
    expect(messages(VALID.replace(firstSource, '    ref: Pasal 9 ayat (2)\n'))).toEqual([
      '15: sources.0.kind: wajib diisi: "regulation" (dasar hukum) atau "reference" (rujukan)',
    ]);
  });

  it('rejects an unknown kind on its line', () => {
    expect(messages(VALID.replace('    kind: reference', '    kind: berita'))).toEqual([
      '21: sources.1.kind: wajib diisi: "regulation" (dasar hukum) atau "reference" (rujukan)',
    ]);
  });

  it('requires a regulation to name the article it relies on, or to say plainly that it is not confirmed', () => {
    expect(messages(VALID.replace('ref: Pasal 9 ayat (2)', 'ref: ketentuan terkait netralitas'))).toEqual([
      expect.stringMatching(/^16: sources\.0\.ref: dasar hukum \(kind: regulation\) harus menyebut pasal/),
    ]);
    expect(messages(VALID.replace('ref: Pasal 9 ayat (2)', 'ref: Lampiran II huruf B'))).toEqual([]);
    expect(messages(VALID.replace('ref: Pasal 9 ayat (2)', 'ref: pengalihan fungsi KASN (pasal belum terkonfirmasi)'))).toEqual([]);
  });

  it('requires a regulation to carry its number, in the title or the ref', () => {
    const unnumbered = VALID.replace('Undang-Undang Nomor 20 Tahun 2023 tentang Aparatur Sipil Negara', 'Undang-Undang tentang Aparatur Sipil Negara');
    expect(messages(unnumbered)).toEqual([expect.stringMatching(/^15: sources\.0\.title: dasar hukum \(kind: regulation\) harus menyebut nomornya/)]);
    expect(messages(unnumbered.replace('ref: Pasal 9 ayat (2)', 'ref: UU 20/2023 Pasal 9 ayat (2)'))).toEqual([]);
  });

  it('requires a reference to have a link', () => {
    expect(messages(VALID.replace('    url: https://medan.bkn.go.id/2023/10/netralitas\n', ''))).toEqual([
      '18: sources.1.url: rujukan (kind: reference) wajib punya url agar pembaca bisa membukanya',
    ]);
  });
});

describe('checks across entries', () => {
  const a = parseKnowledgeFile(path, VALID).entry!;
  it('finds duplicate ids, missing related ids and questions shared between entries', () => {
    const b = { ...a, id: 'entri-lain', related: ['tidak-ada'], questions: ['Bolehkah ASN melakukan contoh?', 'lain'] };
    const problems = crossCheckEntries([
      { path, entry: a },
      { path: 'dasar/entri-lain.md', entry: b },
      { path: 'dasar/salinan.md', entry: a },
    ]).map((p) => `${p.path}: ${p.message}`);
    expect(problems).toContain('dasar/salinan.md: id "contoh-entri" sudah dipakai di dasar/contoh-entri.md');
    expect(problems).toContain('dasar/entri-lain.md: related: id "tidak-ada" tidak ada');
    expect(problems).toContain('dasar/entri-lain.md: pertanyaan "Bolehkah ASN melakukan contoh?" juga ada di entri contoh-entri');
  });
});
