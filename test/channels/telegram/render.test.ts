import { clarifyText } from '../../../src/core/clarify-text.js';
import { describe, expect, it } from 'vitest';
import {
  entryButtonData,
  feedbackButtonData,
  hashRef,
  MAX_CALLBACK_BYTES,
  parseCallbackData,
  resolveRef,
} from '../../../src/channels/telegram/callback-data.js';
import { escapeHtml, markdownLines, packMessages } from '../../../src/channels/telegram/html.js';
import { renderReply, withoutFeedbackButtons } from '../../../src/channels/telegram/render.js';
import type { EntrySummary, Reply } from '../../../src/core/types.js';

const QUERY_ID = '3f2b8c1e-9a4d-4e5f-8b6a-1c2d3e4f5a6b';
const entry = (id: string, title = `Judul ${id}`): EntrySummary => ({ id, title, verdict: 'bersyarat' });

function answer(overrides: Partial<Extract<Reply, { kind: 'answer' }>> = {}): Reply {
  return {
    kind: 'answer',
    queryId: QUERY_ID,
    entry: entry('foto-bersama-calon', 'Foto bersama calon'),
    answer: 'Boleh **dengan syarat**:\n- tidak berpose\n- tidak diunggah',
    sources: [
      { title: 'PP 94/2021', ref: 'Pasal 5', url: 'https://peraturan.go.id/pp-94-2021?a=1&b="2"', kind: 'regulation' },
      { title: 'BKN Kanreg Medan', ref: 'Penjelasan Lampiran II', url: 'https://medan.bkn.go.id/netralitas', kind: 'reference' },
    ],
    related: [entry('pose-jari-simbol-tangan', 'Pose jari')],
    disclaimer: 'Informasi umum, **bukan** nasihat hukum.',
    score: 0.9,
    feedbackTag: 'Tag-1234',
    ...overrides,
  };
}

describe('Telegram HTML rendering', () => {
  it('escapes &, < and > in every text it sends', () => {
    expect(escapeHtml('a < b & c > d')).toBe('a &lt; b &amp; c &gt; d');
    const [message] = renderReply({ kind: 'fallback', queryId: QUERY_ID, text: '<script>alert("x")</script> & co', score: 0 });
    expect(message!.html).toBe('&lt;script&gt;alert("x")&lt;/script&gt; &amp; co');
  });

  it('turns **bold** into <b> and "- " lists into bullets, leaving an unpaired ** as it is', () => {
    expect(markdownLines('**Judul**\n- satu\n* dua\nharga 2**3')).toEqual([
      [{ text: 'Judul', bold: true }],
      [{ text: '• ' }, { text: 'satu' }],
      [{ text: '• ' }, { text: 'dua' }],
      [{ text: 'harga 2**3' }],
    ]);
  });

  it('renders an answer: verdict and title, answer, legal basis and references in two blocks with escaped links, disclaimer in italics', () => {
    const [message] = renderReply(answer());
    expect(message!.html).toBe(
      [
        '<b>⚠️ Bersyarat</b> — <b>Foto bersama calon</b>',
        '',
        'Boleh <b>dengan syarat</b>:',
        '• tidak berpose',
        '• tidak diunggah',
        '',
        '<b>Dasar hukum:</b>',
        '• <a href="https://peraturan.go.id/pp-94-2021?a=1&amp;b=%222%22">PP 94/2021</a>, Pasal 5',
        '',
        '<b>Rujukan:</b>',
        '• <a href="https://medan.bkn.go.id/netralitas">BKN Kanreg Medan</a>, Penjelasan Lampiran II',
        '',
        '<i>Informasi umum, </i><i><b>bukan</b></i><i> nasihat hukum.</i>',
        '',
        'Apakah jawaban ini membantu?',
      ].join('\n'),
    );
    expect(message!.keyboard).toEqual([
      [{ text: 'Pose jari', callback_data: 'e:pose-jari-simbol-tangan' }],
      [
        { text: '👍 Membantu', callback_data: `f:+:${QUERY_ID}:Tag-1234:${hashRef('foto-bersama-calon')}` },
        { text: '👎 Kurang tepat', callback_data: `f:-:${QUERY_ID}:Tag-1234:${hashRef('foto-bersama-calon')}` },
      ],
    ]);
  });

  it('never makes a link of a source URL that is not http(s)', () => {
    const [message] = renderReply(answer({ sources: [{ title: 'Sumber', ref: 'x', url: 'javascript:alert(1)', kind: 'reference' }] }));
    expect(message!.html).toContain('• Sumber, x');
    expect(message!.html).not.toContain('href');
    expect(message!.html).not.toContain('javascript');
  });

  it('shows only the blocks that have sources: no "Rujukan" heading when every source is a regulation', () => {
    const [message] = renderReply(answer({ sources: [{ title: 'PP 94/2021', ref: 'Pasal 5 huruf n', kind: 'regulation' }] }));
    expect(message!.html).toContain('<b>Dasar hukum:</b>\n• PP 94/2021, Pasal 5 huruf n');
    expect(message!.html).not.toContain('Rujukan');
    const [onlyReference] = renderReply(answer({ sources: [{ title: 'FAQ Bawaslu', ref: 'syarat laporan', url: 'https://bawaslu.go.id/faq', kind: 'reference' }] }));
    expect(onlyReference!.html).toContain('<b>Rujukan:</b>\n• <a href="https://bawaslu.go.id/faq">FAQ Bawaslu</a>, syarat laporan');
    expect(onlyReference!.html).not.toContain('Dasar hukum');
  });

  it('shows clarify candidates as buttons that answer the entry', () => {
    const [message] = renderReply({ kind: 'clarify', queryId: QUERY_ID, text: 'Maksud Anda?', suggestions: [entry('a-1'), entry('b-2')], score: 0.4 });
    expect(message!.keyboard).toEqual([[{ text: 'Judul a-1', callback_data: 'e:a-1' }], [{ text: 'Judul b-2', callback_data: 'e:b-2' }]]);
  });

  it('puts the clarify text that says why it asks above the buttons, HTML-escaped', () => {
    const text = clarifyText([
      { title: 'Hadir di kampanye', verdict: 'bersyarat', distinction: 'hanya hadir sebagai penonton kampanye' },
      { title: 'Kampanye aktif', verdict: 'dilarang', distinction: 'ikut aktif berkampanye & mengajak massa' },
    ]);
    const [message] = renderReply({ kind: 'clarify', queryId: QUERY_ID, text, suggestions: [entry('a-1'), entry('b-2')], score: 0.4 });
    expect(message!.html).toBe(
      'Ada dua kemungkinan, dan jawabannya berbeda: hanya hadir sebagai penonton kampanye (boleh dengan syarat), atau ikut aktif berkampanye &amp; mengajak massa (dilarang). Pilih yang sesuai:',
    );
    expect(message!.keyboard).toHaveLength(2);
  });

  it('offers the topic list under a fallback', () => {
    const [message] = renderReply({ kind: 'fallback', queryId: QUERY_ID, text: 'Maaf.', score: 0 });
    expect(message!.keyboard).toEqual([[{ text: '📚 Lihat daftar topik', callback_data: 'c:' }]]);
  });

  it('renders categories as buttons, and one category as its entries plus a way back', () => {
    const categories = [
      { id: 'media-sosial', title: 'Media sosial', entries: [entry('a'), entry('b')] },
      { id: 'acara', title: 'Menghadiri acara', entries: [entry('c')] },
    ];
    expect(renderReply({ kind: 'topics', queryId: QUERY_ID, text: 'Pilih:', categories })[0]!.keyboard).toEqual([
      [{ text: 'Media sosial (2)', callback_data: 'c:media-sosial' }],
      [{ text: 'Menghadiri acara (1)', callback_data: 'c:acara' }],
    ]);
    expect(renderReply({ kind: 'topics', queryId: QUERY_ID, text: 'Topik Acara:', categories: [categories[1]!] })[0]!.keyboard).toEqual([
      [{ text: 'Judul c', callback_data: 'e:c' }],
      [{ text: '« Semua kategori', callback_data: 'c:' }],
    ]);
  });

  it('splits a long answer at line breaks into messages under the limit, keyboard only on the last', () => {
    const paragraphs = Array.from({ length: 30 }, (_, i) => `Paragraf ${i} dengan **tebal** & <isi>. ${'kata '.repeat(60)}`);
    const messages = renderReply(answer({ answer: paragraphs.join('\n\n') }));
    expect(messages.length).toBeGreaterThan(2);
    for (const m of messages) {
      expect(m.html.length).toBeLessThanOrEqual(4096);
      expect(m.html.startsWith('\n')).toBe(false);
      expect(m.html.endsWith('\n')).toBe(false);
      expect(count(m.html, '<b>')).toBe(count(m.html, '</b>'));
    }
    expect(messages.slice(0, -1).every((m) => m.keyboard === undefined)).toBe(true);
    expect(messages.at(-1)!.keyboard).toBeDefined();
    // Nothing lost, nothing doubled: every paragraph appears exactly once.
    const all = messages.map((m) => m.html).join('\n');
    for (let i = 0; i < 30; i += 1) expect(count(all, `Paragraf ${i} `)).toBe(1);
  });

  it('splits a single line longer than the limit at spaces, and a huge word by characters, without breaking tags or entities', () => {
    const line = `**${'tebal '.repeat(300)}** ${'&'.repeat(500)} ${'x'.repeat(5000)} 👍👍👍`;
    const parts = packMessages(markdownLines(line), 1000);
    expect(parts.length).toBeGreaterThan(6);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(1000);
      expect(count(part, '<b>')).toBe(count(part, '</b>'));
      expect(part).not.toMatch(/&(?!amp;|lt;|gt;)/);
      expect(part).not.toMatch(/[\uD800-\uDBFF]$/);
    }
    const text = parts.join('').replace(/<\/?b>/g, '').replace(/\s+/g, '');
    expect(text).toBe(line.replace(/\*\*/g, '').replace(/&/g, '&amp;').replace(/\s+/g, ''));
  });

  it('after a rating, keeps the other buttons and drops the 👍/👎 row', () => {
    const [message] = renderReply(answer());
    expect(withoutFeedbackButtons(message!.keyboard!)).toEqual([[{ text: 'Pose jari', callback_data: 'e:pose-jari-simbol-tangan' }]]);
  });
});

describe('Telegram callback data', () => {
  it('keeps every button within 64 bytes, using a hash for an id that does not fit', () => {
    const longId = `entri-${'sangat-panjang-'.repeat(6)}sekali`;
    expect(longId.length).toBeGreaterThan(62);
    const data = entryButtonData(longId);
    expect(Buffer.byteLength(data)).toBeLessThanOrEqual(MAX_CALLBACK_BYTES);
    expect(data).toBe(`e:${hashRef(longId)}`);
    const parsed = parseCallbackData(data);
    expect(parsed).toEqual({ kind: 'entry', ref: hashRef(longId) });
    expect(resolveRef(hashRef(longId), ['lain', longId])).toBe(longId);
  });

  it('puts the query id, the asker tag and the entry (or its hash) into feedback buttons', () => {
    const shortData = feedbackButtonData(1, QUERY_ID, 'Tag-1234', 'hak-pilih-asn');
    expect(shortData).toBe(`f:+:${QUERY_ID}:Tag-1234:hak-pilih-asn`);
    const longData = feedbackButtonData(-1, QUERY_ID, 'Tag_5678', 'keputusan-program-menguntungkan-calon')!;
    expect(Buffer.byteLength(longData)).toBeLessThanOrEqual(MAX_CALLBACK_BYTES);
    expect(parseCallbackData(longData)).toEqual({
      kind: 'feedback',
      rating: -1,
      queryId: QUERY_ID,
      tag: 'Tag_5678',
      entryRef: hashRef('keputusan-program-menguntungkan-calon'),
    });
    expect(feedbackButtonData(1, 'not-a-uuid', 'Tag-1234', 'x')).toBeUndefined();
    expect(feedbackButtonData(1, QUERY_ID, 'short', 'x')).toBeUndefined();
    // A button from before asker tags answers as stale.
    expect(parseCallbackData(`f:+:${QUERY_ID}`)).toBeNull();
  });

  it('refuses data it did not make', () => {
    for (const bad of ['', 'e:', 'f:+:not-a-uuid', 'f:*:3f2b8c1e-9a4d-4e5f-8b6a-1c2d3e4f5a6b', 'zz', 'e:'.padEnd(70, 'x')]) {
      expect(parseCallbackData(bad)).toBeNull();
    }
    expect(resolveRef('#AAAAAAAAAAAA', ['a', 'b'])).toBeUndefined();
  });
});

function count(text: string, needle: string): number {
  return text.split(needle).length - 1;
}
