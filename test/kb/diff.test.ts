import { describe, expect, it } from 'vitest';
import { entryFromForm, problemsFor, sourceRowProblems } from '../../src/admin/editor/form.js';
import { filterEntries, parseEntryQuery } from '../../src/admin/editor/list-query.js';
import { diffCategories, diffEntries, diffText, lineDiff } from '../../src/kb/diff.js';
import type { EntryRecord } from '../../src/kb/editor.js';
import type { KnowledgeEntry } from '../../src/kb/types.js';

const entry: KnowledgeEntry = {
  id: 'contoh',
  title: 'Contoh',
  category: 'dasar',
  verdict: 'boleh',
  questions: ['satu', 'dua', 'tiga'],
  keywords: [],
  sources: [{ title: 'UU 20/2023', ref: 'Pasal 9', kind: 'regulation' }],
  related: [],
  reviewed: '2026-11-01',
  answer: 'Baris satu.\nBaris dua.',
};

describe('diff between versions', () => {
  it('lists only changed fields, in the file order, with line diffs for lists and the answer', () => {
    const changes = diffEntries(entry, { ...entry, verdict: 'dilarang', questions: ['satu', 'tiga', 'empat'], answer: 'Baris satu.\nBaris dua diubah.' });
    expect(changes.map((c) => c.field)).toEqual(['verdict', 'questions', 'answer']);
    expect(changes[0]).toMatchObject({ kind: 'value', before: 'boleh', after: 'dilarang' });
    expect(changes[1]).toMatchObject({ kind: 'lines', lines: [{ op: 'same', text: 'satu' }, { op: 'removed', text: 'dua' }, { op: 'same', text: 'tiga' }, { op: 'added', text: 'empat' }] });
    expect(changes[2]).toMatchObject({ lines: [{ op: 'same', text: 'Baris satu.' }, { op: 'removed', text: 'Baris dua.' }, { op: 'added', text: 'Baris dua diubah.' }] });
    expect(diffEntries(entry, entry)).toEqual([]);
  });

  it('shows a source kind change and treats a new entry as all added', () => {
    const [sources] = diffEntries(entry, { ...entry, sources: [{ ...entry.sources[0]!, kind: 'reference' }] });
    expect(sources).toMatchObject({ field: 'sources', lines: [{ op: 'removed', text: 'UU 20/2023, Pasal 9 [peraturan]' }, { op: 'added', text: 'UU 20/2023, Pasal 9 [rujukan]' }] });
    expect(diffEntries(null, entry).find((c) => c.field === 'id')).toMatchObject({ before: '', after: 'contoh' });
    expect(lineDiff([], ['a'])).toEqual([{ op: 'added', text: 'a' }]);
    expect(diffText('a', 'a')).toEqual([]);
    expect(diffCategories([{ id: 'a', title: 'A' }], [{ id: 'a', title: 'A baru' }])[0]!.kind).toBe('lines');
  });
});

describe('entry form and list query', () => {
  it('reads the HTML form into an entry: one question per line, keywords by comma, empty source rows dropped', () => {
    const { entry: read, baseVersion } = entryFromForm({
      id: ' contoh ',
      title: 'Contoh',
      category: 'dasar',
      verdict: 'boleh',
      questions: 'satu\r\n\r\n dua \ntiga',
      keywords: 'a, b\nc',
      related: '',
      reviewed: '2026-11-01',
      answer: 'Isi\r\njawaban',
      version: '4',
      source_title: ['UU 20/2023', ''],
      source_ref: ['Pasal 9', ''],
      source_url: ['', ''],
      source_kind: ['regulation', ''],
    });
    expect(read).toMatchObject({ id: 'contoh', questions: ['satu', 'dua', 'tiga'], keywords: ['a', 'b', 'c'], related: [], answer: 'Isi\njawaban', sources: [{ title: 'UU 20/2023', ref: 'Pasal 9', kind: 'regulation' }] });
    expect(baseVersion).toBe(4);
    const problems = [{ field: 'questions', message: 'minimal 6 pertanyaan' }, { field: 'questions.2', message: 'tidak boleh kosong' }, { field: 'sources.1.url', message: 'URL tidak valid' }];
    expect(problemsFor(problems, 'questions')).toEqual(['minimal 6 pertanyaan', 'baris 3: tidak boleh kosong']);
    expect(sourceRowProblems(problems, 1)).toEqual(['Tautan: URL tidak valid']);
  });

  it('filters and sorts the entry list, ignoring unknown parameters', () => {
    const record = (e: Partial<KnowledgeEntry>, extra: Partial<EntryRecord> = {}): EntryRecord => ({ entry: { ...entry, ...e }, version: 1, author: 'x', at: new Date('2026-12-01'), archived: false, pendingProposals: 0, ...extra });
    const rows = [record({ id: 'b', title: 'Bola', reviewed: '2025-01-01' }), record({ id: 'a', title: 'Apel', verdict: 'dilarang' }, { pendingProposals: 1 }), record({ id: 'c', title: 'Céri' }, { archived: true })];
    const ids = (q: Record<string, string>) => filterEntries(rows, parseEntryQuery(q)).map((r) => r.entry.id);
    expect(ids({})).toEqual(['a', 'b']);
    expect(ids({ sort: 'title', dir: 'desc' })).toEqual(['b', 'a']);
    expect(ids({ verdict: 'dilarang' })).toEqual(['a']);
    expect(ids({ pending: 'yes' })).toEqual(['a']);
    expect(ids({ reviewedBefore: '2026-01-01' })).toEqual(['b']);
    expect(ids({ archived: 'yes', q: 'ceri' })).toEqual(['c']);
    expect(ids({ verdict: 'mungkin', sort: 'nope' })).toEqual(['a', 'b']);
  });
});
