import { localDay } from './report-request.js';
import type { AllReports, ReportName } from './reports.js';
import { REPORT_NAMES } from './reports.js';

/** A cell as reports produce it; arrays are lists (examples, questions). */
export type Cell = string | number | null | readonly string[];

export interface Column {
  key: string;
  /** What officials read: Indonesian. */
  header: string;
  kind?: 'text' | 'count' | 'percent' | 'number';
}

export interface ReportTable {
  name: ReportName;
  title: string;
  columns: Column[];
  rows: Record<string, Cell>[];
}

const TITLES: Record<ReportName, string> = {
  summary: 'Ringkasan',
  topics: 'Topik yang paling sering ditanyakan',
  unanswered: 'Pertanyaan yang belum terjawab atau kurang yakin',
  feedback: 'Penilaian jawaban (👍/👎) per entri',
  volume: 'Jumlah pesan per hari dan kanal',
};

const TREND_LABELS = { naik: 'naik', turun: 'turun', tetap: 'tetap', baru: 'baru' } as const;

/** Every report as a flat table: one model for the terminal table and for CSV. */
export function reportTables(reports: Partial<AllReports>): ReportTable[] {
  const tables: ReportTable[] = [];
  for (const name of REPORT_NAMES) {
    const table = tableFor(name, reports);
    if (table) tables.push(table);
  }
  return tables;
}

function tableFor(name: ReportName, reports: Partial<AllReports>): ReportTable | undefined {
  const title = TITLES[name];
  switch (name) {
    case 'summary': {
      const s = reports.summary;
      if (!s) return undefined;
      const rows: [string, Cell, Column['kind']][] = [
        ['Periode', periodLabel(s.from, s.to, s.timeZone), 'text'],
        ['Kanal', s.channel ?? 'semua', 'text'],
        ['Jumlah pertanyaan (semua pesan tercatat)', s.questions, 'count'],
        ['Pengguna berbeda', s.distinctUsers, 'count'],
        ['Terjawab', s.answered, 'count'],
        ['Perlu klarifikasi', s.clarify, 'count'],
        ['Tidak terjawab', s.fallback, 'count'],
        ['Perintah dan sapaan', s.command, 'count'],
        ['Tingkat terjawab', s.answerRate, 'percent'],
        ['Median waktu pencocokan (ms)', s.medianLatencyMs === null ? null : round(s.medianLatencyMs, 2), 'number'],
        ['Penilaian 👍', s.ratingsUp, 'count'],
        ['Penilaian 👎', s.ratingsDown, 'count'],
      ];
      return {
        name,
        title,
        columns: [
          { key: 'measure', header: 'Ukuran' },
          { key: 'value', header: 'Nilai' },
        ],
        rows: rows.map(([measure, value, kind]) => ({ measure, value: kind === 'percent' && typeof value === 'number' ? formatPercent(value) : value })),
      };
    }
    case 'topics': {
      const t = reports.topics;
      if (!t) return undefined;
      return {
        name,
        title,
        columns: [
          { key: 'entryId', header: 'Entri' },
          { key: 'title', header: 'Judul' },
          { key: 'count', header: 'Jumlah', kind: 'count' },
          { key: 'share', header: 'Porsi', kind: 'percent' },
          { key: 'previous', header: 'Periode sebelumnya', kind: 'count' },
          { key: 'change', header: 'Perubahan', kind: 'percent' },
          { key: 'trend', header: 'Tren' },
        ],
        rows: t.topics.map((r) => ({ ...r, trend: TREND_LABELS[r.trend] })),
      };
    }
    case 'unanswered': {
      const u = reports.unanswered;
      if (!u) return undefined;
      return {
        name,
        title,
        columns: [
          { key: 'question', header: 'Pertanyaan (bentuk normal)' },
          { key: 'count', header: 'Jumlah', kind: 'count' },
          { key: 'fallback', header: 'Tidak terjawab', kind: 'count' },
          { key: 'clarify', header: 'Klarifikasi', kind: 'count' },
          { key: 'lowConfidence', header: 'Kurang yakin', kind: 'count' },
          { key: 'variants', header: 'Variasi', kind: 'count' },
          { key: 'examples', header: 'Contoh pertanyaan' },
          { key: 'lastSeen', header: 'Terakhir' },
        ],
        rows: u.groups.map((g) => ({ ...g })),
      };
    }
    case 'feedback': {
      const f = reports.feedback;
      if (!f) return undefined;
      return {
        name,
        title,
        columns: [
          { key: 'entryId', header: 'Entri' },
          { key: 'title', header: 'Judul' },
          { key: 'ratings', header: 'Penilaian', kind: 'count' },
          { key: 'up', header: '👍', kind: 'count' },
          { key: 'down', header: '👎', kind: 'count' },
          { key: 'downRate', header: 'Porsi 👎', kind: 'percent' },
          { key: 'downQuestions', header: 'Pertanyaan yang dinilai 👎' },
        ],
        rows: f.entries.map((e) => ({ ...e, entryId: e.entryId ?? '(tanpa entri)' })),
      };
    }
    case 'volume': {
      const v = reports.volume;
      if (!v) return undefined;
      return {
        name,
        title: `${title} (${v.timeZone})`,
        columns: [
          { key: 'day', header: 'Tanggal' },
          { key: 'channel', header: 'Kanal' },
          { key: 'total', header: 'Total', kind: 'count' },
          { key: 'answered', header: 'Terjawab', kind: 'count' },
          { key: 'clarify', header: 'Klarifikasi', kind: 'count' },
          { key: 'fallback', header: 'Tidak terjawab', kind: 'count' },
          { key: 'command', header: 'Perintah', kind: 'count' },
        ],
        rows: [...v.days.map((d) => ({ ...d })), { day: 'Jumlah', channel: 'semua', ...v.mix }],
      };
    }
  }
}

// ── CSV (RFC 4180) ─────────────────────────────────────────────────────────────────────────────

/**
 * One CSV field. Quoted when it holds a comma, quote, CR or LF (quotes doubled). A text that a
 * spreadsheet would run as a formula (=, +, -, @, tab, CR first) gets a leading apostrophe: the
 * questions come from the public, and officials open these files in Excel.
 */
export function csvField(value: Cell): string {
  let text: string;
  if (value === null || value === undefined) text = '';
  else if (typeof value === 'number') text = Number.isFinite(value) ? String(round(value, 6)) : '';
  else {
    text = Array.isArray(value) ? value.join('\n') : String(value);
    if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  }
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One report as an RFC 4180 CSV document: header row, CRLF line ends. */
export function toCsv(table: Pick<ReportTable, 'columns' | 'rows'>): string {
  const lines = [table.columns.map((c) => csvField(c.header)).join(',')];
  for (const row of table.rows) lines.push(table.columns.map((c) => csvField(row[c.key] ?? null)).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** Several reports in one stream: each CSV document preceded by a `# name` line and separated by a blank line. */
export function toCsvSections(tables: ReportTable[]): string {
  if (tables.length === 1) return toCsv(tables[0]!);
  return tables.map((t) => `# ${t.name}\r\n${toCsv(t)}`).join('\r\n');
}

// ── Terminal table ─────────────────────────────────────────────────────────────────────────────

const MAX_CELL_WIDTH = 60;

function displayCell(value: Cell, kind: Column['kind']): string {
  if (value === null || value === undefined) return '–';
  if (typeof value === 'number') {
    if (kind === 'percent') return formatPercent(value);
    if (kind === 'count') return value.toLocaleString('id-ID');
    return String(round(value, 2)).replace('.', ',');
  }
  const text = (Array.isArray(value) ? value.join(' | ') : String(value)).replace(/\s+/g, ' ');
  return text.length > MAX_CELL_WIDTH ? `${text.slice(0, MAX_CELL_WIDTH - 1)}…` : text;
}

/** Human-readable aligned tables, one per report. */
export function toTable(tables: ReportTable[]): string {
  return tables
    .map((table) => {
      const cells = table.rows.map((row) => table.columns.map((c) => displayCell(row[c.key] ?? null, c.kind)));
      const widths = table.columns.map((c, i) => Math.max(c.header.length, ...cells.map((r) => r[i]!.length)));
      const right = table.columns.map((c) => c.kind === 'count' || c.kind === 'percent' || c.kind === 'number');
      const line = (values: string[]) =>
        values.map((v, i) => (right[i] ? v.padStart(widths[i]!) : v.padEnd(widths[i]!))).join('  ').trimEnd();
      const body = cells.length > 0 ? cells.map(line) : ['(tidak ada data pada periode ini)'];
      return [`== ${table.title} ==`, line(table.columns.map((c) => c.header)), line(widths.map((w) => '-'.repeat(w))), ...body].join('\n');
    })
    .join('\n\n');
}

// ── JSON ───────────────────────────────────────────────────────────────────────────────────────

/** One JSON object whose keys are the reports (scripts read `summary.questions`). */
export function toJson(reports: Partial<AllReports>): string {
  return `${JSON.stringify(reports, null, 2)}\n`;
}

/** "2026-11-01 s.d. 2026-11-30 (Asia/Jakarta)": the calendar days the period covers. */
function periodLabel(from: string, to: string, timeZone: string): string {
  const first = localDay(new Date(from), timeZone);
  const last = localDay(new Date(new Date(to).getTime() - 1), timeZone);
  return `${first} s.d. ${last} (${timeZone})`;
}

function formatPercent(value: number): string {
  return `${round(value * 100, 1).toString().replace('.', ',')}%`;
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
