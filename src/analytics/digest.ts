/**
 * The weekly digest: which week is due at a given moment (Monday 07.00 WIB reports the week before),
 * and the plain-text message officials receive on Telegram. Pure.
 */
import { formatChange, formatCount, formatPeriod, formatPoints, formatShare } from '../admin/reports/format.js';
import type { Dashboard } from './dashboard.js';
import { localDay, shiftDay, zonedMidnight } from './report-request.js';
import { DEFAULT_TIME_ZONE } from './reports.js';

/** Local hour on Monday from which last week's digest is due. */
export const DIGEST_HOUR = 7;

export interface DigestWeek {
  /** ISO week of the reported week, e.g. `2026-W48` (the sent-marker key). */
  key: string;
  /** Monday and Sunday of the reported week, YYYY-MM-DD in the time zone. */
  firstDay: string;
  lastDay: string;
}

/** ISO day of week (1 = Monday) of a YYYY-MM-DD day. */
function isoDay(day: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return ((new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7) + 1;
}

/** `2026-W48` for any day of that ISO week (the week's Thursday decides its year). */
export function isoWeekKey(day: string): string {
  const thursday = shiftDay(day, 4 - isoDay(day));
  const year = Number(thursday.slice(0, 4));
  const [, m, d] = thursday.split('-').map(Number) as [number, number, number];
  const ordinal = (Date.UTC(year, m - 1, d) - Date.UTC(year, 0, 1)) / 86_400_000;
  return `${year}-W${String(Math.floor(ordinal / 7) + 1).padStart(2, '0')}`;
}

/**
 * The week whose digest is due at `now`: the previous Monday–Sunday once this week's Monday 07.00 has
 * passed, else null (Monday before 07.00 reports nothing yet). A replica started later in the week
 * still finds last week's digest due, so a restart never skips it.
 */
export function dueDigestWeek(now: Date, timeZone = DEFAULT_TIME_ZONE): DigestWeek | null {
  const today = localDay(now, timeZone);
  const monday = shiftDay(today, 1 - isoDay(today));
  const dueAt = zonedMidnight(monday, timeZone).getTime() + DIGEST_HOUR * 3_600_000;
  if (now.getTime() < dueAt) return null;
  const firstDay = shiftDay(monday, -7);
  return { key: isoWeekKey(firstDay), firstDay, lastDay: shiftDay(monday, -1) };
}

/** The Monday–Sunday week containing a YYYY-MM-DD day (what a dry run reports). */
export function weekOf(day: string): DigestWeek {
  const firstDay = shiftDay(day, 1 - isoDay(day));
  return { key: isoWeekKey(firstDay), firstDay, lastDay: shiftDay(firstDay, 6) };
}

const TREND = { naik: '▲', turun: '▼', tetap: '▶', baru: '★' } as const;

/** The message: headline figures, top 5 topics, top 3 unanswered groups (small ones without text), a link. */
export function digestText(d: Dashboard, pageUrl: string | null): string {
  const h = d.headline;
  const lines = [
    `Laporan mingguan Netra: ${formatPeriod(d.firstDay, d.lastDay)}`,
    '',
    `Pertanyaan: ${formatCount(h.questions.value)} (${formatChange(h.questions.change)} dari minggu sebelumnya)`,
    `Penanya berbeda: ${formatCount(h.askers.value)} (${formatChange(h.askers.change)})`,
    `Terjawab: ${formatShare(h.answered.share)} (${formatPoints(h.answered.change)})`,
    `Perlu klarifikasi: ${formatShare(h.clarify.share)} · Tidak terjawab: ${formatShare(h.fallback.share)}`,
    `Penilaian: ${formatCount(h.up.value)} 👍 · ${formatCount(h.down.value)} 👎`,
    '',
    'Topik terbanyak:',
    ...(d.topics.length === 0
      ? ['- belum ada']
      : d.topics.slice(0, 5).map((t, i) => `${i + 1}. ${t.title ?? t.entryId}: ${formatCount(t.count)} ${TREND[t.trend]}`)),
    '',
    'Belum bisa dijawab:',
    ...(d.unanswered.groups.length === 0
      ? ['- tidak ada']
      : d.unanswered.groups
          .slice(0, 3)
          .map((g, i) =>
            g.suppressed
              ? `${i + 1}. (kelompok kecil, teks disembunyikan): ${formatCount(g.count)} pertanyaan`
              : `${i + 1}. "${g.examples[0] ?? g.question}": ${formatCount(g.count)} pertanyaan dari ${formatCount(g.askers)} orang`,
          )),
  ];
  if (pageUrl) lines.push('', `Laporan lengkap: ${pageUrl}`);
  return lines.join('\n');
}
