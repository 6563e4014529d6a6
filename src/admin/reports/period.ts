/**
 * The reports page's period and channel, as its URL carries them (`?from=YYYY-MM-DD&to=YYYY-MM-DD&channel=…`),
 * and the preset periods of the picker. Dates are calendar days in Asia/Jakarta. Pure.
 */
import type { ChannelName } from '../../core/types.js';
import { localDay, parseReportRequest, shiftDay } from '../../analytics/report-request.js';
import { DEFAULT_TIME_ZONE, type ReportFilter } from '../../analytics/reports.js';

export const CHANNEL_CHOICES: { value: ChannelName | ''; label: string }[] = [
  { value: '', label: 'Semua kanal' },
  { value: 'telegram', label: 'Telegram' },
  { value: 'whatsapp', label: 'WhatsApp' },
  { value: 'web', label: 'Web' },
];

export interface PageQuery {
  from: string;
  to: string;
  channel: ChannelName | '';
}

export interface Preset {
  key: 'week' | 'month' | 'last30';
  label: string;
  from: string;
  to: string;
}

/** This week (from Monday), this month, and the last 30 days, each up to and including today. */
export function presets(now: Date, timeZone = DEFAULT_TIME_ZONE): Preset[] {
  const today = localDay(now, timeZone);
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  const isoDay = ((new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7) + 1;
  return [
    { key: 'week', label: 'Minggu ini', from: shiftDay(today, 1 - isoDay), to: today },
    { key: 'month', label: 'Bulan ini', from: `${today.slice(0, 8)}01`, to: today },
    { key: 'last30', label: '30 hari terakhir', from: shiftDay(today, -29), to: today },
  ];
}

export type ParsedPageQuery = { ok: true; query: PageQuery; filter: ReportFilter } | { ok: false; message: string; query: PageQuery };

/** Reads the page's query string; without dates it shows the last 30 days. Messages are Indonesian. */
export function parsePageQuery(raw: { from?: string; to?: string; channel?: string }, now: Date): ParsedPageQuery {
  const last30 = presets(now).find((p) => p.key === 'last30')!;
  const channelText = raw.channel?.trim().toLowerCase() ?? '';
  const channel = channelText === 'all' ? '' : channelText;
  const query: PageQuery = { from: raw.from?.trim() || last30.from, to: raw.to?.trim() || last30.to, channel: channel as ChannelName | '' };
  if (channel && !CHANNEL_CHOICES.some((c) => c.value === channel)) {
    return { ok: false, message: `Kanal "${raw.channel}" tidak dikenal; pilih Telegram, WhatsApp, Web, atau semua kanal.`, query: { ...query, channel: '' } };
  }
  for (const [name, value] of [['awal', query.from], ['akhir', query.to]] as const) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return { ok: false, message: `Tanggal ${name} "${value}" tidak valid; gunakan format TTTT-BB-HH.`, query: { ...last30, channel: query.channel } };
  }
  const parsed = parseReportRequest({ from: query.from, to: query.to, ...(channel ? { channel } : {}) }, now);
  if (!parsed.ok) return { ok: false, message: parsed.message, query: { ...last30, channel: query.channel } };
  return { ok: true, query, filter: parsed.value.filter };
}

/** The page's (or a CSV's) URL for a period and channel: what an official copies to share. */
export function pageUrl(path: string, query: PageQuery): string {
  const params = new URLSearchParams({ from: query.from, to: query.to });
  if (query.channel) params.set('channel', query.channel);
  return `${path}?${params.toString()}`;
}
