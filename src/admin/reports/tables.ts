/**
 * The reports page's tables as flat rows with Indonesian headers: what each CSV download holds
 * (`/admin/reports/<name>.csv`). Pure; texts of small groups are already removed by the dashboard.
 */
import { DAY_NAMES } from '../../analytics/dashboard-shape.js';
import type { Dashboard, DashboardSection } from '../../analytics/dashboard.js';
import type { Cell, Column } from '../../analytics/report-format.js';
import { CHANNEL_LABELS, formatInstant, VERDICT_LABELS } from './format.js';

export const TABLE_NAMES = ['ringkasan', 'volume', 'kategori', 'topik', 'belum-terjawab', 'tidak-disukai', 'jam-sibuk'] as const;
export type TableName = (typeof TABLE_NAMES)[number];

/** The one part of the dashboard each table is made from: a CSV download computes only that. */
export const TABLE_SECTIONS: Record<TableName, DashboardSection> = {
  ringkasan: 'headline',
  volume: 'volume',
  kategori: 'topics',
  topik: 'topics',
  'belum-terjawab': 'unanswered',
  'tidak-disukai': 'disliked',
  'jam-sibuk': 'heatmap',
};

export interface PageTable {
  name: TableName;
  title: string;
  columns: Column[];
  rows: Record<string, Cell>[];
}

const pct = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10);

export function pageTable(name: TableName, d: Dashboard, categoryTitle: (id: string) => string): PageTable {
  switch (name) {
    case 'ringkasan': {
      const h = d.headline;
      const rows: [string, number | null, number | null, number | null][] = [
        ['Pertanyaan', h.questions.value, h.questions.previous, pct(h.questions.change)],
        ['Penanya berbeda', h.askers.value, h.askers.previous, pct(h.askers.change)],
        ['Terjawab (%)', pct(h.answered.share), pct(h.answered.previous), pct(h.answered.change)],
        ['Perlu klarifikasi (%)', pct(h.clarify.share), pct(h.clarify.previous), pct(h.clarify.change)],
        ['Tidak terjawab (%)', pct(h.fallback.share), pct(h.fallback.previous), pct(h.fallback.change)],
        ['Penilaian positif (👍)', h.up.value, h.up.previous, pct(h.up.change)],
        ['Penilaian negatif (👎)', h.down.value, h.down.previous, pct(h.down.change)],
      ];
      return {
        name,
        title: 'Ringkasan',
        columns: [
          { key: 'measure', header: 'Ukuran' },
          { key: 'value', header: 'Periode ini', kind: 'number' },
          { key: 'previous', header: 'Periode sebelumnya', kind: 'number' },
          { key: 'change', header: 'Perubahan (% atau poin)', kind: 'number' },
        ],
        rows: rows.map(([measure, value, previous, change]) => ({ measure, value, previous, change })),
      };
    }
    case 'volume':
      return {
        name,
        title: 'Pertanyaan per hari',
        columns: [
          { key: 'day', header: 'Tanggal' },
          ...d.channels.map((c): Column => ({ key: c, header: CHANNEL_LABELS[c] ?? c, kind: 'count' })),
          { key: 'total', header: 'Jumlah', kind: 'count' },
        ],
        rows: d.volume.map((v) => ({ day: v.day, ...Object.fromEntries(d.channels.map((c) => [c, v.channels[c] ?? 0])), total: v.total })),
      };
    case 'kategori':
      return {
        name,
        title: 'Pertanyaan terjawab per kategori',
        columns: [
          { key: 'category', header: 'Kategori' },
          { key: 'count', header: 'Jumlah', kind: 'count' },
          { key: 'previous', header: 'Periode sebelumnya', kind: 'count' },
        ],
        rows: d.categories.map((c) => ({ category: categoryTitle(c.category), count: c.count, previous: c.previous })),
      };
    case 'topik':
      return {
        name,
        title: 'Topik yang paling sering ditanyakan',
        columns: [
          { key: 'category', header: 'Kategori' },
          { key: 'entryId', header: 'Kode jawaban' },
          { key: 'title', header: 'Judul' },
          { key: 'verdict', header: 'Status' },
          { key: 'count', header: 'Jumlah', kind: 'count' },
          { key: 'previous', header: 'Periode sebelumnya', kind: 'count' },
          { key: 'trend', header: 'Tren' },
        ],
        rows: d.categories.flatMap((c) =>
          c.topics.map((t) => ({
            category: categoryTitle(c.category),
            entryId: t.entryId,
            title: t.title,
            verdict: t.verdict ? (VERDICT_LABELS[t.verdict] ?? t.verdict) : null,
            count: t.count,
            previous: t.previous,
            trend: t.trend,
          })),
        ),
      };
    case 'belum-terjawab':
      return {
        name,
        title: 'Pertanyaan yang belum bisa dijawab',
        columns: [
          { key: 'question', header: 'Pertanyaan (bentuk dasar)' },
          { key: 'count', header: 'Jumlah', kind: 'count' },
          { key: 'askers', header: 'Penanya berbeda', kind: 'count' },
          { key: 'fallback', header: 'Tidak terjawab', kind: 'count' },
          { key: 'clarify', header: 'Perlu klarifikasi', kind: 'count' },
          { key: 'lowConfidence', header: 'Kurang yakin', kind: 'count' },
          { key: 'examples', header: 'Contoh pertanyaan' },
          { key: 'firstSeen', header: 'Pertama' },
          { key: 'lastSeen', header: 'Terakhir' },
        ],
        rows: d.unanswered.groups.map((g) => ({
          question: g.suppressed ? `(disembunyikan: kurang dari ${d.minAskers} penanya)` : g.question,
          count: g.count,
          askers: g.askers,
          fallback: g.fallback,
          clarify: g.clarify,
          lowConfidence: g.lowConfidence,
          examples: g.examples,
          firstSeen: formatInstant(g.firstSeen, d.timeZone),
          lastSeen: formatInstant(g.lastSeen, d.timeZone),
        })),
      };
    case 'tidak-disukai':
      return {
        name,
        title: 'Jawaban yang kurang disukai',
        columns: [
          { key: 'entryId', header: 'Kode jawaban' },
          { key: 'title', header: 'Judul' },
          { key: 'ratings', header: 'Penilaian', kind: 'count' },
          { key: 'up', header: 'Positif (👍)', kind: 'count' },
          { key: 'down', header: 'Negatif (👎)', kind: 'count' },
          { key: 'downRate', header: 'Porsi negatif (%)', kind: 'number' },
          { key: 'downQuestions', header: 'Pertanyaan yang dinilai negatif' },
        ],
        rows: d.disliked.map((e) => ({
          entryId: e.entryId,
          title: e.title,
          ratings: e.ratings,
          up: e.up,
          down: e.down,
          downRate: pct(e.downRate),
          downQuestions: e.suppressed ? [`(disembunyikan: kurang dari ${d.minAskers} orang)`] : e.downQuestions,
        })),
      };
    case 'jam-sibuk':
      return {
        name,
        title: 'Jam sibuk (WIB)',
        columns: [{ key: 'day', header: 'Hari' }, ...Array.from({ length: 24 }, (_, h): Column => ({ key: `h${h}`, header: `${String(h).padStart(2, '0')}.00`, kind: 'count' }))],
        rows: d.heatmap.map((hours, i) => ({ day: DAY_NAMES[i]!, ...Object.fromEntries(hours.map((count, h) => [`h${h}`, count])) })),
      };
  }
}
