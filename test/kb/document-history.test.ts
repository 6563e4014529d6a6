import { describe, expect, it } from 'vitest';
import { categoriesHistory, textHistory } from '../../src/kb/document-history.js';
import type { DocumentVersion } from '../../src/kb/documents.js';

const at = new Date('2026-12-01T03:00:00Z');
const text = (version: number, body: string, author = 'import:texts/welcome.md'): DocumentVersion => ({ version, data: { text: body }, author, at });

describe('document history', () => {
  it('gives each version its change against the one before, newest first', () => {
    const versions = [text(3, 'Halo.\nSelamat datang.', 'admin@bkn.go.id'), text(2, 'Halo.\nSelamat datang!'), text(1, 'Halo.')];
    const items = textHistory(versions, 20);
    expect(items.map((i) => [i.version, i.author])).toEqual([
      [3, 'admin@bkn.go.id'],
      [2, 'import:texts/welcome.md'],
      [1, 'import:texts/welcome.md'],
    ]);
    expect(items[0]!.changes[0]).toMatchObject({ kind: 'lines', lines: [{ op: 'same', text: 'Halo.' }, { op: 'removed', text: 'Selamat datang!' }, { op: 'added', text: 'Selamat datang.' }] });
    // The first version ever adds everything.
    expect(items[2]!.changes[0]).toMatchObject({ kind: 'lines', lines: [{ op: 'added', text: 'Halo.' }] });
  });

  it('lists only the newest versions, using the one before them for the oldest listed change', () => {
    const versions = [text(5, 'e'), text(4, 'd'), text(3, 'c')];
    const items = textHistory(versions, 2);
    expect(items.map((i) => i.version)).toEqual([5, 4]);
    expect(items[1]!.changes[0]).toMatchObject({ lines: [{ op: 'removed', text: 'c' }, { op: 'added', text: 'd' }] });
  });

  it('shows an unchanged save as no change, and category edits line by line', () => {
    expect(textHistory([text(2, 'sama'), text(1, 'sama')], 20)[0]!.changes).toEqual([]);
    const categories = (version: number, title: string): DocumentVersion => ({ version, data: [{ id: 'acara', title }], author: 'admin', at });
    const [latest] = categoriesHistory([categories(2, 'Acara dan kampanye'), categories(1, 'Acara')], 20);
    expect(latest!.changes[0]).toMatchObject({ kind: 'lines', lines: [{ op: 'removed', text: 'acara — Acara' }, { op: 'added', text: 'acara — Acara dan kampanye' }] });
  });
});
