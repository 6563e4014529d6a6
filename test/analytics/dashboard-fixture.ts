import type { Db } from '../../src/db/client.js';
import { insertQueryRecords } from '../../src/analytics/query-insert.js';
import { feedback, kbEntries, kbEntryVersions } from '../../src/db/schema.js';
import type { KnowledgeEntry } from '../../src/kb/types.js';
import { feedbackRecord, queryRecord } from './records.js';

/**
 * A small log whose every reports-page figure is known by hand. Period: November 2026 in WIB
 * (2026-10-31T17:00Z … 2026-11-30T17:00Z); previous period of the same 30 days: 2 – 31 October WIB
 * (2026-10-01T17:00Z … 2026-10-31T17:00Z).
 *
 * November: 11 questions from 8 people (u1…u8): 5 answered (medsos-like 4, saksi-tps 1 on Telegram),
 * 1 clarification and 5 fallbacks; one /start command that is not a question.
 *   - unanswered group "saksi paslon": 4 questions from 3 people (u5, u6, u7) → examples shown;
 *   - unanswered group "cuti suami caleg": 2 questions from 1 person (u8) → texts suppressed.
 *   - ratings: medsos-like 2 👍 + 3 👎 from 3 people; saksi-tps 4 👍 + 1 👎 from 1 person (suppressed).
 * October: 4 questions from 2 people (u1, u10): 2 answered (medsos-like), 2 fallbacks.
 */
export async function seedDashboard(db: Db): Promise<void> {
  const q = (createdAt: string, overrides: Parameters<typeof queryRecord>[0]) => queryRecord({ createdAt: new Date(createdAt), ...overrides });
  const like = (createdAt: string, userKey: string) => q(createdAt, { status: 'answered', entryId: 'medsos-like', score: 0.9, userKey, text: 'boleh like postingan calon?', normalized: 'boleh like posting calon' });
  const fallback = (createdAt: string, userKey: string, normalized: string, text: string, status: 'fallback' | 'clarify' = 'fallback') =>
    q(createdAt, { status, entryId: null, score: 0.1, userKey, normalized, text });

  const liked = [
    like('2026-11-02T03:00:00Z', 'u1'), // Monday 10.00 WIB
    like('2026-11-02T03:30:00Z', 'u2'), // Monday 10.30 WIB
    like('2026-11-03T03:00:00Z', 'u3'),
    like('2026-10-31T17:00:00Z', 'u4'), // 00.00 WIB on Sunday 1 November: the first moment of the period
  ];
  const saksi = q('2026-11-10T05:00:00Z', { status: 'answered', entryId: 'saksi-tps', score: 0.8, userKey: 'u1', channel: 'telegram', text: 'asn jadi saksi tps?', normalized: 'asn jadi saksi tps' });
  const rows = [
    ...liked,
    saksi,
    fallback('2026-11-04T05:00:00Z', 'u5', 'asn boleh jadi saksi paslon', 'ASN boleh jadi saksi paslon?'),
    fallback('2026-11-05T05:00:00Z', 'u6', 'asn boleh jadi saksi paslon', 'asn boleh jd saksi paslon [nomor]'),
    fallback('2026-11-06T05:00:00Z', 'u7', 'asn boleh jadi saksi paslon', 'Apakah ASN boleh jadi saksi paslon'),
    fallback('2026-11-07T05:00:00Z', 'u5', 'boleh asn jadi saksi paslon', 'boleh asn jadi saksi paslon', 'clarify'),
    fallback('2026-11-08T05:00:00Z', 'u8', 'cuti suami caleg kampanye', 'cuti nemenin suami caleg kampanye di desa X'),
    fallback('2026-11-09T05:00:00Z', 'u8', 'cuti suami caleg kampanye', 'cuti suami caleg kampanye gimana'),
    q('2026-11-02T04:00:00Z', { status: 'command', entryId: null, score: 0, userKey: 'u9', text: '/start', normalized: '' }),
    // Outside November: 00.00 WIB on 1 December.
    like('2026-11-30T17:00:00Z', 'u1'),
    // The previous period, its last second included.
    like('2026-10-10T03:00:00Z', 'u1'),
    like('2026-10-31T16:59:59Z', 'u10'),
    fallback('2026-10-15T05:00:00Z', 'u1', 'asn boleh jadi saksi paslon', 'lama'),
    fallback('2026-10-16T05:00:00Z', 'u1', 'asn boleh jadi saksi paslon', 'lama'),
    // Before the previous period: in neither.
    like('2026-10-01T16:59:59Z', 'u11'),
  ];
  // Through the query-log writer's insert, which also keeps the rollups the page counts from.
  await insertQueryRecords(db, rows);

  const rate = (queryId: string, entryId: string, userKey: string, rating: 1 | -1) =>
    feedbackRecord({ queryId, entryId, userKey, rating, createdAt: new Date('2026-11-12T03:00:00Z') });
  await db.insert(feedback).values([
    rate(liked[0]!.id, 'medsos-like', 'u1', -1),
    rate(liked[1]!.id, 'medsos-like', 'u2', -1),
    rate(liked[2]!.id, 'medsos-like', 'u3', -1),
    rate(liked[3]!.id, 'medsos-like', 'u4', 1),
    rate(liked[0]!.id, 'medsos-like', 'u5', 1),
    rate(saksi.id, 'saksi-tps', 'u1', -1),
    ...['u2', 'u3', 'u4', 'u5'].map((u) => rate(saksi.id, 'saksi-tps', u, 1)),
  ]);

  await db.insert(kbEntries).values([
    { id: 'medsos-like', currentVersion: 1 },
    { id: 'saksi-tps', currentVersion: 1 },
  ]);
  await db.insert(kbEntryVersions).values([
    { entryId: 'medsos-like', version: 1, data: { title: 'Menyukai unggahan calon', category: 'media-sosial', verdict: 'bersyarat' } as KnowledgeEntry, author: 'test' },
    { entryId: 'saksi-tps', version: 1, data: { title: 'Menjadi saksi di TPS', category: 'hak-pilih-penyelenggara', verdict: 'dilarang' } as KnowledgeEntry, author: 'test' },
  ]);
}
