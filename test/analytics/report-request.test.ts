import { describe, expect, it } from 'vitest';
import { localDay, parseReportRequest, zonedMidnight } from '../../src/analytics/report-request.js';

const parse = (raw: Parameters<typeof parseReportRequest>[0], now?: Date) => {
  const result = parseReportRequest(raw, now);
  if (!result.ok) throw new Error(result.message);
  return result.value;
};

describe('report period and options', () => {
  it('reads dates as whole calendar days in Jakarta time, the last day included', () => {
    const { filter, format, reports } = parse({ from: '2026-11-01', to: '2026-11-30' });
    expect(filter.from.toISOString()).toBe('2026-10-31T17:00:00.000Z');
    expect(filter.to.toISOString()).toBe('2026-11-30T17:00:00.000Z');
    expect(filter.timeZone).toBe('Asia/Jakarta');
    expect(format).toBe('table');
    expect(reports).toEqual(['summary', 'topics', 'unanswered', 'feedback', 'volume']);
  });

  it('uses another Indonesian time zone when asked', () => {
    const { filter } = parse({ from: '2026-11-01', to: '2026-11-01', tz: 'Asia/Jayapura' });
    expect(filter.from.toISOString()).toBe('2026-10-31T15:00:00.000Z');
    expect(filter.to.toISOString()).toBe('2026-11-01T15:00:00.000Z');
  });

  it('handles zones with daylight saving time around the change', () => {
    expect(zonedMidnight('2026-03-29', 'Europe/Berlin').toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(zonedMidnight('2026-03-30', 'Europe/Berlin').toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect(localDay(new Date('2026-10-31T17:30:00Z'), 'Asia/Jakarta')).toBe('2026-11-01');
  });

  it('takes exact instants as they are, as the CLI sends them to the server', () => {
    const { filter } = parse({ from: '2026-10-31T17:00:00.000Z', to: '2026-11-30T17:00:00.000Z' });
    expect(filter.from.toISOString()).toBe('2026-10-31T17:00:00.000Z');
    expect(filter.to.toISOString()).toBe('2026-11-30T17:00:00.000Z');
  });

  it('defaults to the last 30 days, today included', () => {
    const { filter } = parse({}, new Date('2026-11-30T10:00:00Z'));
    expect(filter.from.toISOString()).toBe('2026-10-31T17:00:00.000Z');
    expect(filter.to.toISOString()).toBe('2026-11-30T17:00:00.000Z');
  });

  it('accepts a channel, a format and a selection of reports', () => {
    const value = parse({ from: '2026-11-01', to: '2026-11-30', channel: 'Telegram', format: 'csv', report: 'topics, unanswered' });
    expect(value.filter.channel).toBe('telegram');
    expect(value.format).toBe('csv');
    expect(value.reports).toEqual(['topics', 'unanswered']);
  });

  it('rejects impossible or reversed dates and unknown values with an Indonesian message', () => {
    const cases: [Parameters<typeof parseReportRequest>[0], RegExp][] = [
      [{ from: '2026-02-30', to: '2026-03-01' }, /Tanggal awal "2026-02-30" tidak valid/],
      [{ from: '2026-11-01', to: 'besok' }, /Tanggal akhir "besok" tidak valid/],
      [{ from: '2026-12-01', to: '2026-11-01' }, /harus sebelum/],
      [{ from: '2000-01-01', to: '2026-11-01' }, /paling panjang 10 tahun/],
      [{ channel: 'sms' }, /Kanal "sms" tidak dikenal/],
      [{ format: 'pdf' }, /Format "pdf" tidak dikenal/],
      [{ report: 'summary,rahasia' }, /Laporan "rahasia" tidak dikenal/],
      [{ tz: "Asia/Jakarta'; drop table query_log; --" }, /Zona waktu/],
    ];
    for (const [raw, message] of cases) {
      const result = parseReportRequest(raw, new Date('2026-11-30T10:00:00Z'));
      expect(result.ok, JSON.stringify(raw)).toBe(false);
      if (!result.ok) expect(result.message).toMatch(message);
    }
  });
});
