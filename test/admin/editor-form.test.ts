import { describe, expect, it } from 'vitest';
import { entryFromForm } from '../../src/admin/editor/form.js';

const body = (distinction: string) => ({
  id: 'hadir-kampanye-pasif',
  title: 'Hadir di kampanye hanya untuk mendengarkan',
  distinction,
  category: 'acara',
  verdict: 'bersyarat',
  questions: 'a\nb',
  keywords: '',
  related: '',
  reviewed: '2026-12-03',
  answer: 'Boleh dengan syarat.',
  version: '3',
});

describe('the entry form', () => {
  it('reads the distinction label, trimmed', () => {
    expect(entryFromForm(body('  hanya hadir sebagai penonton kampanye ')).entry.distinction).toBe('hanya hadir sebagai penonton kampanye');
  });

  it('leaves a blank distinction out of the entry, so the title is used', () => {
    expect('distinction' in entryFromForm(body('   ')).entry).toBe(false);
  });
});
