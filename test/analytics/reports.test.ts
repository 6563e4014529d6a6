import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseReportRequest } from '../../src/analytics/report-request.js';
import {
  feedbackReport,
  runReports,
  summaryReport,
  topicsReport,
  unansweredReport,
  volumeReport,
  type ReportFilter,
} from '../../src/analytics/reports.js';
import type { FeedbackRecord, QueryLogRecord } from '../../src/analytics/types.js';
import { createQueryLogWriter } from '../../src/analytics/writer.js';
import type { Db } from '../../src/db/client.js';
import { kbEntries, kbEntryVersions, queryLog } from '../../src/db/schema.js';
import type { KnowledgeEntry } from '../../src/kb/types.js';
import { openTestDatabase, TEST_DRIVERS, type TestDatabase } from '../helpers/database.js';
import { memoryLogger } from '../helpers/logger.js';
import { feedbackRecord, queryRecord } from './records.js';

/** November 2026 in Jakarta time (UTC+7): 2026-10-31T17:00Z up to 2026-11-30T17:00Z. */
const NOVEMBER = (() => {
  const parsed = parseReportRequest({ from: '2026-11-01', to: '2026-11-30' });
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value.filter;
})();

const at = (iso: string) => new Date(iso);

/**
 * The seeded log: a small month whose every report figure is known by hand.
 * Previous period (same 30 days before): 2026-10-01T17:00Z … 2026-10-31T17:00Z.
 */
function seed(): { queries: QueryLogRecord[]; ratings: FeedbackRecord[]; erased: QueryLogRecord } {
  const q: QueryLogRecord[] = [];
  const add = (overrides: Partial<QueryLogRecord>) => {
    const record = queryRecord(overrides);
    q.push(record);
    return record;
  };
  const answered = (entryId: string, createdAt: string, extra: Partial<QueryLogRecord> = {}) =>
    add({ status: 'answered', entryId, score: 0.9, createdAt: at(createdAt), ...extra });

  // Topics this month: like-posting 6 (previously 3), saksi 2 (previously 4), cuti 2 (new), foto 0 (previously 5).
  for (let i = 0; i < 6; i++) answered('medsos-like', `2026-11-0${i + 2}T03:00:00Z`, { userKey: `u${i % 3}`, latencyMs: i + 1 });
  for (let i = 0; i < 3; i++) answered('medsos-like', `2026-10-1${i}T03:00:00Z`);
  for (let i = 0; i < 2; i++) answered('saksi-tps', `2026-11-1${i}T03:00:00Z`, { channel: 'telegram', userKey: 'u9' });
  for (let i = 0; i < 4; i++) answered('saksi-tps', `2026-10-2${i}T03:00:00Z`, { channel: 'telegram' });
  for (let i = 0; i < 2; i++) answered('cuti-kampanye', `2026-11-2${i}T03:00:00Z`, { channel: 'whatsapp', userKey: 'u8' });
  for (let i = 0; i < 5; i++) answered('foto-pose', `2026-10-0${i + 3}T03:00:00Z`);
  // Just inside the period in Jakarta time (00:30 WIB on 1 November), and just outside (00:30 WIB on 1 December).
  answered('medsos-like', '2026-10-31T17:30:00Z', { userKey: 'u1', latencyMs: 7 });
  answered('medsos-like', '2026-11-30T17:30:00Z');

  // Unanswered: variants of one question (word order, a filler word, a typo-fixed form) form one group.
  const unanswered = (normalized: string, text: string, status: 'fallback' | 'clarify' | 'answered', createdAt: string, score = 0.1) =>
    add({ status, normalized, text, score, entryId: status === 'answered' ? 'saksi-tps' : null, createdAt: at(createdAt), userKey: 'u5', latencyMs: 3 });
  unanswered('asn boleh jadi saksi paslon', 'ASN boleh jadi saksi paslon?', 'fallback', '2026-11-03T05:00:00Z');
  unanswered('asn boleh jadi saksi paslon', 'asn boleh jd saksi paslon', 'fallback', '2026-11-04T05:00:00Z');
  unanswered('asn boleh jadi saksi paslon', 'asn boleh jadi saksi paslon??', 'fallback', '2026-11-05T05:00:00Z');
  unanswered('boleh asn jadi saksi paslon', 'boleh gak asn jadi saksi paslon', 'fallback', '2026-11-06T05:00:00Z');
  unanswered('asn boleh jadi saksi paslon dong', 'min, asn boleh jadi saksi paslon dong', 'clarify', '2026-11-07T05:00:00Z', 0.25);
  unanswered('cuti suami caleg kampanye', 'cuti buat nemenin suami caleg kampanye, gimana?', 'fallback', '2026-11-08T05:00:00Z');
  unanswered('cuti suami caleg kampanye', 'Cuti, "suami" caleg kampanye\nboleh?', 'fallback', '2026-11-09T05:00:00Z');
  unanswered('asn hadir rapat partai', 'asn hadir rapat partai', 'answered', '2026-11-11T05:00:00Z', 0.4);
  // Not unanswered: a confident answer; a text retention already erased (counted, not grouped).
  unanswered('asn hadir rapat partai', 'asn hadir rapat partai', 'answered', '2026-11-12T05:00:00Z', 0.8);
  const erased = queryRecord({ status: 'fallback', entryId: null, createdAt: at('2026-11-13T05:00:00Z'), userKey: 'u5' });
  // Outside the period: not in any figure.
  unanswered('asn boleh jadi saksi paslon', 'lama', 'fallback', '2026-10-15T05:00:00Z');

  // Commands and greetings count as logged messages but not as questions answered or not.
  add({ status: 'command', text: '/start', normalized: '', entryId: null, score: 0, createdAt: at('2026-11-02T04:00:00Z'), userKey: 'u7', channel: 'telegram' });

  // Ratings: like-posting 3 users (2 👎, 1 👍); one user changed their mind 👎 → 👍 and counts once, as 👍.
  const like = q.filter((r) => r.entryId === 'medsos-like' && r.createdAt >= NOVEMBER.from);
  const ratings: FeedbackRecord[] = [
    feedbackRecord({ queryId: like[0]!.id, userKey: 'u0', rating: -1, createdAt: at('2026-11-02T03:01:00Z') }),
    feedbackRecord({ queryId: like[1]!.id, userKey: 'u1', rating: -1, createdAt: at('2026-11-03T03:01:00Z') }),
    feedbackRecord({ queryId: like[2]!.id, userKey: 'u2', rating: -1, createdAt: at('2026-11-04T03:01:00Z') }),
    feedbackRecord({ queryId: like[2]!.id, userKey: 'u2', rating: 1, createdAt: at('2026-11-04T03:02:00Z') }),
    // A rating that names the entry itself (Telegram buttons do), and one outside the period.
    feedbackRecord({ queryId: q.find((r) => r.entryId === 'saksi-tps')!.id, entryId: 'saksi-tps', channel: 'telegram', userKey: 'u9', rating: 1, createdAt: at('2026-11-10T03:05:00Z') }),
    feedbackRecord({ queryId: like[0]!.id, userKey: 'u3', rating: -1, createdAt: at('2026-12-05T03:01:00Z') }),
  ];
  return { queries: q, ratings, erased };
}

describe.each(TEST_DRIVERS)('reports on a seeded log (%s)', (driver) => {
  let database: TestDatabase;
  let db: Db;
  let seeded: ReturnType<typeof seed>;

  beforeAll(async () => {
    database = await openTestDatabase(driver);
    db = database.database.db;
    seeded = seed();
    // Through the real writer, as the server writes them.
    const writer = createQueryLogWriter({ db, spoolDir: mkdtempSync(join(tmpdir(), 'netra-spool-')), log: memoryLogger().log });
    for (const record of seeded.queries) writer.logQuery(record);
    for (const rating of seeded.ratings) writer.logFeedback(rating);
    await writer.flush();
    await writer.stop();
    // A question whose text the retention job already erased.
    await db.insert(queryLog).values({ ...seeded.erased, text: null, normalized: null });
    // The live knowledge gives topics their titles.
    await db.insert(kbEntries).values({ id: 'medsos-like', currentVersion: 2 });
    await db.insert(kbEntryVersions).values([
      { entryId: 'medsos-like', version: 1, data: { title: 'Judul lama' } as KnowledgeEntry, author: 'test' },
      { entryId: 'medsos-like', version: 2, data: { title: 'Menyukai unggahan calon', category: 'media-sosial' } as KnowledgeEntry, author: 'test' },
    ]);
  });
  afterAll(async () => {
    await database.cleanup();
  });

  it('ranks topics with count, share of answered questions and trend against the previous period', async () => {
    const report = await topicsReport(db, NOVEMBER);
    expect(report.previousFrom).toBe('2026-10-01T17:00:00.000Z');
    // 7 like-posting (6 + the 00:30 WIB one), 2 saksi, 2 cuti, and the low-confidence answer on 11 Nov and the confident one on 12 Nov.
    expect(report.answered).toBe(13);
    expect(report.topics.map((t) => [t.entryId, t.count, t.previous, t.trend])).toEqual([
      ['medsos-like', 7, 3, 'naik'],
      ['saksi-tps', 4, 4, 'tetap'],
      ['cuti-kampanye', 2, 0, 'baru'],
    ]);
    const like = report.topics[0]!;
    expect(like).toMatchObject({ title: 'Menyukai unggahan calon', category: 'media-sosial' });
    expect(like.share).toBeCloseTo(7 / 13, 10);
    expect(like.change).toBeCloseTo(4 / 3, 10);
    expect(report.topics[1]!.change).toBe(0);
    expect(report.topics[2]).toMatchObject({ change: null, title: null });
    expect(report.topics.find((t) => t.entryId === 'foto-pose')).toBeUndefined();
  });

  it('filters topics by channel', async () => {
    const report = await topicsReport(db, { ...NOVEMBER, channel: 'telegram' });
    expect(report.topics.map((t) => [t.entryId, t.count, t.previous, t.trend])).toEqual([['saksi-tps', 2, 4, 'turun']]);
    expect(report.topics[0]!.change).toBeCloseTo(-0.5, 10);
  });

  it('groups unanswered and low-confidence variants of one question, with counts and examples', async () => {
    const report = await unansweredReport(db, NOVEMBER);
    // 5 saksi variants + 2 cuti + 1 low-confidence answer + 1 erased fallback.
    expect(report).toMatchObject({ total: 9, erased: 1, grouped: 8, lowConfidenceBelow: 0.5 });
    expect(report.groups.map((g) => [g.question, g.count, g.variants, g.fallback, g.clarify, g.lowConfidence])).toEqual([
      ['asn boleh jadi saksi paslon', 5, 3, 4, 1, 0],
      ['cuti suami caleg kampanye', 2, 1, 2, 0, 0],
      ['asn hadir rapat partai', 1, 1, 0, 0, 1],
    ]);
    const saksi = report.groups[0]!;
    expect(saksi.examples).toHaveLength(3);
    expect(saksi.examples).toEqual(expect.arrayContaining(['boleh gak asn jadi saksi paslon', 'min, asn boleh jadi saksi paslon dong']));
    expect(saksi.lastSeen).toBe('2026-11-07T05:00:00.000Z');
  });

  it('moves answers into the low-confidence group when the threshold rises', async () => {
    const report = await unansweredReport(db, NOVEMBER, { lowConfidenceBelow: 0.85 });
    const rapat = report.groups.find((g) => g.question === 'asn hadir rapat partai');
    expect(rapat).toMatchObject({ count: 2, lowConfidence: 2 });
  });

  it('gives the 👎 rate per entry with the questions that got 👎, counting a changed mind once', async () => {
    const report = await feedbackReport(db, NOVEMBER);
    expect(report).toMatchObject({ ratings: 4, up: 2, down: 2 });
    const like = report.entries.find((e) => e.entryId === 'medsos-like')!;
    expect(like).toMatchObject({ ratings: 3, up: 1, down: 2, title: 'Menyukai unggahan calon' });
    expect(like.downRate).toBeCloseTo(2 / 3, 10);
    expect(like.downQuestions).toHaveLength(2);
    expect(report.entries.find((e) => e.entryId === 'saksi-tps')).toMatchObject({ ratings: 1, up: 1, down: 0, downRate: 0, downQuestions: [] });
    // Sorted by 👎 rate.
    expect(report.entries[0]!.entryId).toBe('medsos-like');
  });

  it('counts messages per Jakarta day and channel, with the status mix', async () => {
    const report = await volumeReport(db, NOVEMBER);
    expect(report.timeZone).toBe('Asia/Jakarta');
    // 00:30 WIB on 1 November is 17:30 UTC on 31 October.
    expect(report.days[0]).toEqual({ day: '2026-11-01', channel: 'web', total: 1, answered: 1, clarify: 0, fallback: 0, command: 0 });
    expect(report.days.find((d) => d.day === '2026-11-02' && d.channel === 'telegram')).toMatchObject({ total: 1, command: 1 });
    expect(report.days.find((d) => d.day === '2026-11-02' && d.channel === 'web')).toMatchObject({ total: 1, answered: 1 });
    expect(report.mix).toEqual({ total: 22, answered: 13, clarify: 1, fallback: 7, command: 1 });
    expect(report.days.reduce((s, d) => s + d.total, 0)).toBe(22);
    const channels = new Set(report.days.map((d) => d.channel));
    expect(channels).toEqual(new Set(['web', 'telegram', 'whatsapp']));
  });

  it('sums up questions, distinct users, answer rate and median latency', async () => {
    const summary = await summaryReport(db, NOVEMBER);
    expect(summary).toMatchObject({
      from: '2026-10-31T17:00:00.000Z',
      to: '2026-11-30T17:00:00.000Z',
      timeZone: 'Asia/Jakarta',
      channel: null,
      questions: 22,
      // u0, u1, u2 (like), u9 (saksi), u8 (cuti), u5 (unanswered), u7 (/start).
      distinctUsers: 7,
      answered: 13,
      clarify: 1,
      fallback: 7,
      command: 1,
      // Counted like the feedback report: one rating per user and reply, the last one.
      ratingsUp: 2,
      ratingsDown: 2,
    });
    expect(summary.answerRate).toBeCloseTo(13 / 21, 10);
    expect(typeof summary.medianLatencyMs).toBe('number');
    // 22 latencies: 1, six of 1.5, 2, ten of 3, 4, 5, 6, 7 → the 11th and 12th are both 3.
    expect(summary.medianLatencyMs).toBeCloseTo(3, 10);
  });

  it('answers every report for an empty period without failing', async () => {
    const empty: ReportFilter = { from: at('2030-01-01T00:00:00Z'), to: at('2030-02-01T00:00:00Z') };
    const reports = await runReports(db, empty);
    expect(reports.summary).toMatchObject({ questions: 0, distinctUsers: 0, answerRate: null, medianLatencyMs: null });
    expect(reports.topics).toMatchObject({ answered: 0, topics: [] });
    expect(reports.unanswered).toMatchObject({ total: 0, groups: [] });
    expect(reports.feedback).toMatchObject({ ratings: 0, entries: [] });
    expect(reports.volume).toMatchObject({ days: [], mix: { total: 0 } });
  });

  it('runs only the reports asked for', async () => {
    const reports = await runReports(db, NOVEMBER, {}, ['summary']);
    expect(Object.keys(reports)).toEqual(['summary']);
    expect(reports.summary!.questions).toBe(22);
  });
});
