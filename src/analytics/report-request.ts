import type { ChannelName } from '../core/types.js';
import { DEFAULT_TIME_ZONE, isValidTimeZone, REPORT_NAMES, type ReportFilter, type ReportName } from './reports.js';

export const REPORT_FORMATS = ['table', 'csv', 'json'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
const CHANNELS: readonly ChannelName[] = ['telegram', 'whatsapp', 'web', 'cli'];

/** A report request as the CLI flags and the HTTP query string spell it. */
export interface RawReportRequest {
  from?: string;
  to?: string;
  channel?: string;
  format?: string;
  report?: string;
  tz?: string;
}

export interface ReportRequest {
  filter: ReportFilter;
  format: ReportFormat;
  reports: ReportName[];
}

export type ParsedReportRequest = { ok: true; value: ReportRequest } | { ok: false; message: string };

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Validates a report request. Dates are calendar days in the report's time zone (Asia/Jakarta by
 * default): `from` counts from its first moment, `to` up to and including its last. A full ISO
 * timestamp is taken as an exact instant (`to` exclusive). Messages are Indonesian: admins read them.
 */
export function parseReportRequest(raw: RawReportRequest, now: Date = new Date()): ParsedReportRequest {
  const timeZone = raw.tz?.trim() || DEFAULT_TIME_ZONE;
  if (!isValidTimeZone(timeZone)) return { ok: false, message: `Zona waktu "${raw.tz}" tidak dikenal (contoh: Asia/Jakarta).` };

  const format = (raw.format?.trim() || 'table') as ReportFormat;
  if (!REPORT_FORMATS.includes(format)) return { ok: false, message: `Format "${raw.format}" tidak dikenal; pilih table, csv, atau json.` };

  let channel: ChannelName | undefined;
  if (raw.channel?.trim()) {
    channel = raw.channel.trim().toLowerCase() as ChannelName;
    if (!CHANNELS.includes(channel)) return { ok: false, message: `Kanal "${raw.channel}" tidak dikenal; pilih ${CHANNELS.join(', ')}.` };
  }

  let reports: ReportName[] = [...REPORT_NAMES];
  if (raw.report?.trim()) {
    const wanted = raw.report.split(',').map((r) => r.trim()).filter(Boolean);
    const unknown = wanted.filter((r) => !(REPORT_NAMES as readonly string[]).includes(r));
    if (unknown.length > 0) return { ok: false, message: `Laporan "${unknown.join(', ')}" tidak dikenal; pilih ${REPORT_NAMES.join(', ')}.` };
    reports = wanted as ReportName[];
  }

  const today = localDay(now, timeZone);
  const toText = raw.to?.trim() || today;
  const to = parseBoundary(toText, timeZone, 'end');
  if (!to) return { ok: false, message: `Tanggal akhir "${raw.to}" tidak valid; gunakan format TTTT-BB-HH, misalnya 2026-11-30.` };
  const fromText = raw.from?.trim() || shiftDay(DAY.test(toText) ? toText : localDay(to, timeZone), -29);
  const from = parseBoundary(fromText, timeZone, 'start');
  if (!from) return { ok: false, message: `Tanggal awal "${raw.from}" tidak valid; gunakan format TTTT-BB-HH, misalnya 2026-11-01.` };
  if (from.getTime() >= to.getTime()) return { ok: false, message: 'Tanggal awal harus sebelum tanggal akhir.' };
  if (to.getTime() - from.getTime() > 3700 * DAY_MS) return { ok: false, message: 'Periode laporan paling panjang 10 tahun.' };

  return { ok: true, value: { filter: { from, to, ...(channel ? { channel } : {}), timeZone }, format, reports } };
}

function parseBoundary(text: string, timeZone: string, side: 'start' | 'end'): Date | undefined {
  const day = DAY.exec(text);
  if (day) {
    const [y, m, d] = [Number(day[1]), Number(day[2]), Number(day[3])];
    const check = new Date(Date.UTC(y, m - 1, d));
    if (check.getUTCFullYear() !== y || check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d) return undefined;
    return zonedMidnight(side === 'start' ? text : shiftDay(text, 1), timeZone);
  }
  if (!/^\d{4}-\d{2}-\d{2}T/.test(text)) return undefined;
  const instant = new Date(text);
  return Number.isNaN(instant.getTime()) ? undefined : instant;
}

/** YYYY-MM-DD plus `days`. */
export function shiftDay(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** The calendar day of `instant` in `timeZone`, as YYYY-MM-DD. */
export function localDay(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** Offset of `timeZone` from UTC at `instant`, in milliseconds. */
function zoneOffset(instant: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

/** The instant a calendar day starts in `timeZone`. */
export function zonedMidnight(day: string, timeZone: string): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const guess = Date.UTC(y, m - 1, d);
  const first = guess - zoneOffset(new Date(guess), timeZone);
  // Once more at the corrected instant, for zones whose offset changes around midnight.
  return new Date(guess - zoneOffset(new Date(first), timeZone));
}
