import { describe, expect, it } from 'vitest';
import { csvField, reportTables, toCsv, toCsvSections, toJson, toTable } from '../../src/analytics/report-format.js';
import type { AllReports } from '../../src/analytics/reports.js';

/** A strict RFC 4180 reader: CRLF records, quoted fields with doubled quotes; throws on anything else. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  let fieldStart = true;
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
      } else if (ch === '"') {
        quoted = false;
        i += 1;
        if (i < text.length && text[i] !== ',' && text[i] !== '\r') throw new Error(`text after closing quote at ${i}`);
      } else {
        field += ch;
        i += 1;
      }
      continue;
    }
    if (ch === '"') {
      if (!fieldStart) throw new Error(`quote inside an unquoted field at ${i}`);
      quoted = true;
      fieldStart = false;
      i += 1;
    } else if (ch === ',') {
      record.push(field);
      field = '';
      fieldStart = true;
      i += 1;
    } else if (ch === '\r') {
      if (text[i + 1] !== '\n') throw new Error(`bare CR at ${i}`);
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      fieldStart = true;
      i += 2;
    } else if (ch === '\n') {
      throw new Error(`bare LF outside quotes at ${i}`);
    } else {
      field += ch;
      fieldStart = false;
      i += 1;
    }
  }
  if (quoted) throw new Error('unterminated quoted field');
  if (field !== '' || record.length > 0) throw new Error('last record not terminated by CRLF');
  return records;
}

const TRICKY = [
  'boleh, atau tidak?',
  'kata "netral" itu apa?',
  'baris satu\nbaris dua',
  'windows\r\nbaris',
  'semua: "a, b"\n, dan\r\n"c"',
  '👎 emoji dan spasi  ',
];

function reportsWith(questions: string[]): Partial<AllReports> {
  return {
    unanswered: {
      lowConfidenceBelow: 0.5,
      total: questions.length,
      erased: 0,
      grouped: questions.length,
      groups: questions.map((q, i) => ({
        question: q,
        count: i + 1,
        fallback: i + 1,
        clarify: 0,
        lowConfidence: 0,
        variants: 1,
        examples: [q, `${q} lagi`],
        firstSeen: '2026-11-09T03:00:00.000Z',
        lastSeen: '2026-11-10T03:00:00.000Z',
        askers: i + 1,
      })),
    },
    feedback: {
      ratings: 1,
      up: 0,
      down: 1,
      entries: [{ entryId: 'medsos-like', title: 'Like, komentar, "share"', ratings: 1, up: 0, down: 1, downRate: 1, downUsers: 1, downQuestions: questions }],
    },
  };
}

describe('CSV rendering', () => {
  it('is well-formed RFC 4180 and reads back to the same values, whatever the questions contain', () => {
    const [unanswered, feedback] = reportTables(reportsWith(TRICKY));
    const csv = toCsv(unanswered!);
    const records = parseCsv(csv);
    expect(records[0]).toEqual(['Pertanyaan (bentuk normal)', 'Jumlah', 'Tidak terjawab', 'Klarifikasi', 'Kurang yakin', 'Variasi', 'Contoh pertanyaan', 'Terakhir']);
    expect(records).toHaveLength(TRICKY.length + 1);
    expect(records.every((r) => r.length === 8)).toBe(true);
    expect(records.slice(1).map((r) => r[0])).toEqual(TRICKY);
    expect(records.slice(1).map((r) => r[1])).toEqual(TRICKY.map((_, i) => String(i + 1)));
    // A list is one field, one item per line.
    expect(records[3]![6]).toBe('baris satu\nbaris dua\nbaris satu\nbaris dua lagi');

    const feedbackRecords = parseCsv(toCsv(feedback!));
    expect(feedbackRecords[1]!.slice(0, 6)).toEqual(['medsos-like', 'Like, komentar, "share"', '1', '0', '1', '1']);
    expect(feedbackRecords[1]![6]).toBe(TRICKY.join('\n'));
  });

  it('quotes only the fields that need it', () => {
    expect(csvField('biasa')).toBe('biasa');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('kata "x"')).toBe('"kata ""x"""');
    expect(csvField('a\nb')).toBe('"a\nb"');
    expect(csvField(0.125)).toBe('0.125');
    expect(csvField(-0.5)).toBe('-0.5');
    expect(csvField(null)).toBe('');
  });

  it('stops a question from running as a spreadsheet formula', () => {
    expect(csvField('=HYPERLINK("http://x","klik")')).toBe('"\'=HYPERLINK(""http://x"",""klik"")"');
    expect(csvField('+62 boleh?')).toBe("'+62 boleh?");
    expect(csvField('@admin boleh?')).toBe("'@admin boleh?");
    expect(csvField('-kampanye')).toBe("'-kampanye");
  });

  it('puts several reports in one stream as separate CSV documents', () => {
    const tables = reportTables(reportsWith(['satu']));
    const text = toCsvSections(tables);
    const sections = text.split('\r\n\r\n');
    expect(sections).toHaveLength(2);
    expect(sections[0]!.startsWith('# unanswered\r\n')).toBe(true);
    expect(sections[1]!.startsWith('# feedback\r\n')).toBe(true);
    for (const section of sections) parseCsv(`${section.replace(/^# \w+\r\n/, '').replace(/\r\n$/, '')}\r\n`);
  });
});

describe('table and JSON rendering', () => {
  it('prints aligned tables with Indonesian headings and cuts long cells', () => {
    const text = toTable(reportTables(reportsWith([`pertanyaan yang sangat panjang ${'x'.repeat(100)}`])));
    expect(text).toContain('== Pertanyaan yang belum terjawab atau kurang yakin ==');
    expect(text).toContain('== Penilaian jawaban (👍/👎) per entri ==');
    expect(text).toContain('…');
    expect(text).toContain('100%');
  });

  it('shows the summary period as the calendar days it covers', () => {
    const summary = {
      from: '2026-10-31T17:00:00.000Z',
      to: '2026-11-30T17:00:00.000Z',
      timeZone: 'Asia/Jakarta',
      channel: null,
      questions: 1234,
      distinctUsers: 56,
      answered: 1000,
      clarify: 100,
      fallback: 100,
      command: 34,
      answerRate: 1000 / 1200,
      medianLatencyMs: 1.234,
      ratingsUp: 3,
      ratingsDown: 1,
    };
    const text = toTable(reportTables({ summary }));
    expect(text).toMatch(/Periode\s+2026-11-01 s\.d\. 2026-11-30 \(Asia\/Jakarta\)/);
    expect(text).toMatch(/Tingkat terjawab\s+83,3%/);
    expect(text).toMatch(/Kanal\s+semua/);
  });

  it('says so when a report has no rows', () => {
    const text = toTable(reportTables({ topics: { previousFrom: '2026-10-01T17:00:00.000Z', answered: 0, topics: [] } }));
    expect(text).toContain('(tidak ada data pada periode ini)');
  });

  it('prints one JSON object whose keys are the reports', () => {
    const reports = reportsWith(['satu']);
    expect(JSON.parse(toJson(reports))).toEqual(reports);
    expect(Object.keys(JSON.parse(toJson(reports)))).toEqual(['unanswered', 'feedback']);
  });
});
