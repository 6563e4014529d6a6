import { describe, expect, it } from 'vitest';
import { choiceMessage, LIMITS, parseInteractiveId, renderCloudMessages, truncate } from '../../../src/channels/whatsapp/cloud-render.js';
import type { NumberedOption } from '../../../src/channels/whatsapp/numbered-context.js';
import { FEEDBACK_HINT, markdownToWhatsApp, renderWhatsAppText, replyHint } from '../../../src/channels/whatsapp/render.js';
import type { EntrySummary, Reply } from '../../../src/core/types.js';

const entry = (id: string, title: string, verdict: EntrySummary['verdict'] = 'dilarang'): EntrySummary => ({ id, title, verdict });

const answer: Reply = {
  kind: 'answer',
  queryId: '00000000-0000-4000-8000-000000000001',
  entry: entry('medsos-like-komentar-share', 'Like, komentar, dan share unggahan calon'),
  answer: 'Tidak boleh. Memberi **like** atau *komentar* termasuk pelanggaran.\n- hindari share\n- hindari komentar',
  sources: [
    { title: 'PP 94/2021', ref: 'Pasal 5 huruf n', kind: 'regulation' },
    { title: 'BKN Kanreg Medan', ref: 'Penjelasan Lampiran II', url: 'https://medan.bkn.go.id/netralitas', kind: 'reference' },
  ],
  related: [entry('medsos-follow-akun-calon', 'Follow atau subscribe akun calon'), entry('medsos-grup-wa-telegram', 'Grup WA dan Telegram calon', 'bersyarat')],
  disclaimer: 'Jawaban ini **informasi umum**.',
  score: 0.9,
  feedbackTag: 'Tag-1234',
};

const clarify: Reply = {
  kind: 'clarify',
  queryId: '00000000-0000-4000-8000-000000000002',
  text: 'Saya belum yakin maksud pertanyaan Anda. Apakah salah satu dari topik ini?',
  suggestions: [entry('a', 'Hadir di kampanye'), entry('b', 'Rentang waktu larangan'), entry('c', 'Ikut kampanye dengan atribut')],
  score: 0.4,
};

describe('Markdown → WhatsApp formatting', () => {
  it('turns **bold** into *bold* and *italic* into _italic_', () => {
    expect(markdownToWhatsApp('**Tidak boleh.** Ini *penting* dan __tebal__.')).toBe('*Tidak boleh.* Ini _penting_ dan *tebal*.');
  });
  it('keeps lists, lone asterisks and snake_case words as they are', () => {
    expect(markdownToWhatsApp('- satu\n- dua\n5 * 3 = 15, nama_file')).toBe('- satu\n- dua\n5 * 3 = 15, nama_file');
  });
  it('converts headings, strikethrough and links', () => {
    expect(markdownToWhatsApp('# Judul\n~~lama~~ [BKN](https://www.bkn.go.id)')).toBe('*Judul*\n~lama~ BKN (https://www.bkn.go.id)');
  });
});

describe('WhatsApp text replies', () => {
  it('numbers the reply hint the Indonesian way', () => {
    expect([1, 2, 3, 5, 12].map(replyHint)).toEqual(['Balas 1', 'Balas 1 atau 2', 'Balas 1, 2 atau 3', 'Balas 1, 2, 3, 4 atau 5', 'Balas angka 1 sampai 12']);
  });

  it('renders an answer with verdict, legal basis and references as two blocks, numbered related topics, disclaimer and the feedback hint', () => {
    const text = renderWhatsAppText(answer);
    expect(text).toBe(
      [
        '❌ Dilarang — *Like, komentar, dan share unggahan calon*',
        'Tidak boleh. Memberi *like* atau _komentar_ termasuk pelanggaran.\n- hindari share\n- hindari komentar',
        '*Dasar hukum:*\n- PP 94/2021, Pasal 5 huruf n',
        '*Rujukan:*\n- BKN Kanreg Medan, Penjelasan Lampiran II: https://medan.bkn.go.id/netralitas',
        '*Topik terkait:*\n1. Follow atau subscribe akun calon\n2. Grup WA dan Telegram calon\nBalas 1 atau 2 untuk membacanya.',
        `Jawaban ini *informasi umum*.\n\n${FEEDBACK_HINT}`,
      ].join('\n\n'),
    );
  });

  it('leaves out the "Rujukan" block when every source is a regulation', () => {
    const text = renderWhatsAppText({ ...answer, sources: [{ title: 'PP 94/2021', ref: 'Pasal 5 huruf n', kind: 'regulation' }] });
    expect(text).toContain('*Dasar hukum:*\n- PP 94/2021, Pasal 5 huruf n');
    expect(text).not.toContain('Rujukan');
  });

  it('renders clarify as a numbered list with "Balas 1, 2 atau 3"', () => {
    expect(renderWhatsAppText(clarify)).toBe(
      `${clarify.text}\n\n1. Hadir di kampanye\n2. Rentang waktu larangan\n3. Ikut kampanye dengan atribut\n\nBalas 1, 2 atau 3.`,
    );
  });

  it('numbers topic categories with their sizes', () => {
    const topics: Reply = {
      kind: 'topics',
      queryId: 'q',
      text: 'Pilih kategori topik:',
      categories: [
        { id: 'dasar', title: 'Dasar & aturan umum', entries: [entry('x', 'X'), entry('y', 'Y')] },
        { id: 'sanksi', title: 'Sanksi', entries: [entry('z', 'Z')] },
      ],
    };
    expect(renderWhatsAppText(topics)).toBe('Pilih kategori topik:\n\n1. Dasar & aturan umum (2 topik)\n2. Sanksi (1 topik)\n\nBalas 1 atau 2 untuk memilih.');
  });
});

describe('Cloud API payloads', () => {
  const options = (n: number): NumberedOption[] =>
    Array.from({ length: n }, (_, i) => ({ kind: 'entry', id: `entri-${i + 1}`, title: `Topik dengan judul yang cukup panjang nomor ${i + 1}` }));

  it('cuts by characters without splitting an emoji', () => {
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('👍👍👍👍👍', 3)).toBe('👍👍…');
    expect(truncate('pas', 3)).toBe('pas');
  });

  it('uses reply buttons up to 3 choices, with numbered titles of at most 20 characters', () => {
    const message = choiceMessage('6281234567890', 'Pilih:', options(3))!;
    expect(message).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '6281234567890',
      type: 'interactive',
      interactive: {
        type: 'button',
        body: { text: 'Pilih:' },
        action: {
          buttons: [
            { type: 'reply', reply: { id: 'e:entri-1', title: '1. Topik dengan jud…' } },
            { type: 'reply', reply: { id: 'e:entri-2', title: '2. Topik dengan jud…' } },
            { type: 'reply', reply: { id: 'e:entri-3', title: '3. Topik dengan jud…' } },
          ],
        },
      },
    });
  });

  it('uses a list for 4 to 10 choices and numbered text beyond', () => {
    const list = choiceMessage('6281234567890', 'x'.repeat(2000), options(10))!;
    const interactive = list['interactive'] as { type: string; body: { text: string }; action: { button: string; sections: { rows: { id: string; title: string; description: string }[] }[] } };
    expect(interactive.type).toBe('list');
    expect(Array.from(interactive.body.text)).toHaveLength(LIMITS.body);
    expect(interactive.action.button.length).toBeLessThanOrEqual(LIMITS.listButton);
    const rows = interactive.action.sections[0]!.rows;
    expect(rows).toHaveLength(10);
    for (const row of rows) {
      expect(Array.from(row.title).length).toBeLessThanOrEqual(LIMITS.rowTitle);
      expect(Array.from(row.description).length).toBeLessThanOrEqual(LIMITS.rowDescription);
    }
    expect(choiceMessage('6281234567890', 'x', options(11))).toBeNull();
  });

  it('sends an answer as text, then related topics as choices', () => {
    const [text, related] = renderCloudMessages(answer, '6281234567890');
    expect(text!['type']).toBe('text');
    const body = (text!['text'] as { body: string }).body;
    expect(body).toContain(FEEDBACK_HINT);
    expect(body).toContain('*Dasar hukum:*\n- PP 94/2021, Pasal 5 huruf n\n\n*Rujukan:*\n- BKN Kanreg Medan, Penjelasan Lampiran II: https://medan.bkn.go.id/netralitas');
    expect(related!['type']).toBe('interactive');
  });

  it('reads button ids back, and rejects anything else', () => {
    expect(parseInteractiveId('e:medsos-like-komentar-share', 'Like')).toEqual({ kind: 'entry', id: 'medsos-like-komentar-share', title: 'Like' });
    expect(parseInteractiveId('c:sanksi')).toEqual({ kind: 'category', id: 'sanksi', title: '' });
    expect(parseInteractiveId('x:sanksi')).toBeNull();
    expect(parseInteractiveId('e:../../etc')).toBeNull();
  });
});
