import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DASHBOARD_SECTIONS, dashboardReport, hourBucketsExact, type Dashboard } from '../../src/analytics/dashboard.js';
import { parseReportRequest } from '../../src/analytics/report-request.js';
import type { ReportFilter } from '../../src/analytics/reports.js';
import { openTestDatabase, TEST_DRIVERS, type TestDatabase } from '../helpers/database.js';
import { seedDashboard } from './dashboard-fixture.js';

function period(from: string, to: string, channel?: string): ReportFilter {
  const parsed = parseReportRequest({ from, to, ...(channel ? { channel } : {}) });
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value.filter;
}

describe.each(TEST_DRIVERS)('reports page figures on a seeded log (%s)', (driver) => {
  let database: TestDatabase;
  let november: Dashboard;
  beforeAll(async () => {
    database = await openTestDatabase(driver);
    await seedDashboard(database.database.db);
    november = await dashboardReport(database.database.db, period('2026-11-01', '2026-11-30'));
  }, 180_000);
  afterAll(async () => {
    await database.cleanup();
  });

  it('compares with the previous period of the same length, cut at midnight WIB', () => {
    expect(november.previousFrom).toBe('2026-10-01T17:00:00.000Z');
    expect([november.firstDay, november.lastDay]).toEqual(['2026-11-01', '2026-11-30']);
    const h = november.headline;
    expect([h.questions.value, h.questions.previous]).toEqual([11, 4]);
    expect(h.questions.change).toBeCloseTo(1.75);
    expect([h.askers.value, h.askers.previous, h.askers.change]).toEqual([8, 2, 3]);
    expect([h.answered.count, h.clarify.count, h.fallback.count]).toEqual([5, 1, 5]);
    expect(h.answered.share).toBeCloseTo(5 / 11);
    expect(h.answered.previous).toBeCloseTo(0.5);
    expect(h.answered.change).toBeCloseTo(5 / 11 - 0.5);
    expect([h.up.value, h.down.value, h.up.previous, h.up.change]).toEqual([6, 4, 0, null]);
  });

  it('counts questions per day and channel, every day of the period included', () => {
    expect(november.volume).toHaveLength(30);
    expect(november.volume[0]).toEqual({ day: '2026-11-01', channels: { web: 1 }, total: 1 });
    expect(november.volume.find((d) => d.day === '2026-11-02')).toEqual({ day: '2026-11-02', channels: { web: 2 }, total: 2 });
    expect(november.volume.find((d) => d.day === '2026-11-10')?.channels).toEqual({ telegram: 1 });
    expect(november.volume.reduce((s, d) => s + d.total, 0)).toBe(11);
    expect(november.channels).toEqual(['telegram', 'web']);
  });

  it('ranks topics with trend, grouped by category, with title and verdict', () => {
    expect(november.topics.map((t) => [t.entryId, t.count, t.previous, t.trend, t.verdict])).toEqual([
      ['medsos-like', 4, 2, 'naik', 'bersyarat'],
      ['saksi-tps', 1, 0, 'baru', 'dilarang'],
    ]);
    expect(november.categories.map((c) => [c.category, c.count, c.previous, c.topics.map((t) => t.title)])).toEqual([
      ['media-sosial', 4, 2, ['Menyukai unggahan calon']],
      ['hak-pilih-penyelenggara', 1, 0, ['Menjadi saksi di TPS']],
    ]);
  });

  it('groups unanswered questions with askers and dates, and hides the texts of groups under 3 people', () => {
    const [saksi, cuti] = november.unanswered.groups;
    expect(november.unanswered.total).toBe(6);
    expect(saksi).toMatchObject({ count: 4, askers: 3, fallback: 3, clarify: 1, suppressed: false, firstSeen: '2026-11-04T05:00:00.000Z', lastSeen: '2026-11-07T05:00:00.000Z' });
    expect(saksi!.examples).toHaveLength(3);
    expect(saksi!.examples).toContain('asn boleh jd saksi paslon [nomor]');
    expect(cuti).toMatchObject({ count: 2, askers: 1, suppressed: true, question: '', examples: [] });
    expect(JSON.stringify(november)).not.toContain('suami');
  });

  it('ranks disliked answers by 👎 share and hides the 👎 questions of fewer than 3 people', () => {
    expect(november.disliked.map((e) => [e.entryId, e.ratings, e.up, e.down, e.downUsers, e.suppressed])).toEqual([
      ['medsos-like', 5, 2, 3, 3, false],
      ['saksi-tps', 5, 4, 1, 1, true],
    ]);
    expect(november.disliked[0]!.downQuestions).toEqual(['boleh like postingan calon?', 'boleh like postingan calon?', 'boleh like postingan calon?']);
    expect(november.disliked[1]!.downQuestions).toEqual([]);
    expect(november.disliked[0]!.downRate).toBeCloseTo(0.6);
  });

  it('fills the day-of-week × hour heat map in WIB, Monday first', () => {
    expect(november.heatmap).toHaveLength(7);
    expect(november.heatmap.every((row) => row.length === 24)).toBe(true);
    expect(november.heatmap[0]![10]).toBe(2); // Monday 2 November, 10.00 and 10.30 WIB
    expect(november.heatmap[6]![0]).toBe(1); // Sunday 1 November, 00.00 WIB
    expect(november.heatmap[1]![12]).toBe(1); // Tuesday 10 November 12.00 WIB (Telegram)
    expect(november.heatmap.flat().reduce((s, n) => s + n, 0)).toBe(11);
  });

  it('filters by channel and takes the small-group threshold as an option', async () => {
    const telegram = await dashboardReport(database.database.db, period('2026-11-01', '2026-11-30', 'telegram'));
    expect([telegram.headline.questions.value, telegram.headline.askers.value, telegram.channel]).toEqual([1, 1, 'telegram']);
    expect(telegram.unanswered.groups).toEqual([]);
    const strict = await dashboardReport(database.database.db, period('2026-11-01', '2026-11-30'), { minAskers: 4, minRatings: 6 });
    expect(strict.unanswered.groups.every((g) => g.suppressed && g.examples.length === 0)).toBe(true);
    expect(strict.disliked).toEqual([]);
  });

  it('shows an empty period as zeros, not errors', async () => {
    const empty = await dashboardReport(database.database.db, period('2025-01-01', '2025-01-07'));
    expect(empty.headline.questions).toEqual({ value: 0, previous: 0, change: null });
    expect(empty.headline.answered.share).toBeNull();
    expect(empty.volume).toHaveLength(7);
    expect(empty.heatmap.flat().every((n) => n === 0)).toBe(true);
  });

  it('counts the same from the rollups as from the log, at WIB midnights, for short and long periods and per channel', async () => {
    const db = database.database.db;
    expect(november.countedFrom).toBe('rollup');
    const periods: ReportFilter[] = [
      period('2026-11-01', '2026-11-30'),
      period('2026-11-01', '2026-11-30', 'telegram'),
      period('2026-11-02', '2026-11-02'), // one WIB day: no whole UTC day inside, every topic count from the edges
      period('2026-11-01', '2026-11-03'),
      period('2026-10-01', '2026-12-31'),
      period('2026-10-31', '2026-11-01'), // the last day of the previous period and the first of this one
    ];
    for (const filter of periods) {
      const fromRollup = await dashboardReport(db, filter);
      const fromLog = await dashboardReport(db, filter, { useRollups: false });
      expect([fromRollup.countedFrom, fromLog.countedFrom]).toEqual(['rollup', 'log']);
      expect({ ...fromRollup, countedFrom: 'log' }).toEqual(fromLog);
    }
  });

  it('falls back to the log when UTC hours do not add up to the period (a bound at 00.30, a half-hour zone)', async () => {
    const db = database.database.db;
    // 00.30 WIB on 1 November to 00.30 WIB on 3 November: the like at 00.00 WIB on 1 November is outside.
    const halfPast = { from: new Date('2026-10-31T17:30:00Z'), to: new Date('2026-11-02T17:30:00Z'), timeZone: 'Asia/Jakarta' };
    const india = { ...period('2026-11-01', '2026-11-30'), timeZone: 'Asia/Kolkata' };
    for (const filter of [halfPast, india]) {
      const shown = await dashboardReport(db, filter);
      expect(shown.countedFrom).toBe('log');
      expect(shown).toEqual(await dashboardReport(db, filter, { useRollups: false }));
    }
    const shown = await dashboardReport(db, halfPast);
    expect(shown.headline.questions.value).toBe(2); // the likes at 10.00 and 10.30 WIB on 2 November (the /start is no question)
    expect(shown.heatmap[6]![0]).toBe(0);
    expect(shown.topics.map((t) => [t.entryId, t.count])).toEqual([['medsos-like', 2]]);
  });

  it('knows when hour buckets are exact', () => {
    const jakarta = period('2026-01-01', '2026-12-31');
    expect(hourBucketsExact(jakarta.from, jakarta.to, 'Asia/Jakarta')).toBe(true);
    expect(hourBucketsExact(jakarta.from, jakarta.to, 'Asia/Jayapura')).toBe(true);
    expect(hourBucketsExact(jakarta.from, jakarta.to, 'UTC')).toBe(true);
    expect(hourBucketsExact(jakarta.from, jakarta.to, 'Europe/Berlin')).toBe(true); // summer time moves by whole hours
    expect(hourBucketsExact(jakarta.from, jakarta.to, 'Asia/Kolkata')).toBe(false);
    expect(hourBucketsExact(jakarta.from, jakarta.to, 'Australia/Lord_Howe')).toBe(false); // +10.30, +11 in summer
    expect(hourBucketsExact(new Date('2026-11-01T00:30:00Z'), jakarta.to, 'Asia/Jakarta')).toBe(false);
  });

  it('computes only the parts asked for, each equal to its part of the whole page', async () => {
    const db = database.database.db;
    for (const section of DASHBOARD_SECTIONS) {
      const part = await dashboardReport(db, period('2026-11-01', '2026-11-30'), { sections: [section] });
      const pick = (d: Dashboard) =>
        ({ headline: d.headline, volume: d.volume, topics: [d.topics, d.categories], unanswered: d.unanswered, disliked: d.disliked, heatmap: d.heatmap })[section];
      expect(pick(part)).toEqual(pick(november));
    }
    const heatOnly = await dashboardReport(db, period('2026-11-01', '2026-11-30'), { sections: ['heatmap'] });
    expect([heatOnly.topics, heatOnly.volume, heatOnly.unanswered.groups, heatOnly.headline.questions.value]).toEqual([[], [], [], 0]);
  });
});
