import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../src/db/schema.js';
import { getEntry } from '../../src/kb/editor.js';
import { parseCases } from '../../src/matcher/evaluate.js';
import { bearerFor } from '../helpers/admin.js';
import { TEST_DRIVERS } from '../helpers/database.js';
import { startOn } from './start.js';
import { readFileSync } from 'node:fs';

/** Not in either labelled set; today the matcher asks back (tim-sukses-relawan-konsultan comes first). */
const NEW_PHRASING = 'pns ikut senam pagi yang diadakan tim sukses boleh?';
const TARGET = 'tim-sukses-relawan-konsultan';
const KNOWN = 'boleh gak pns jadi mc acara partai';

describe.each(TEST_DRIVERS)('test pane API (%s)', (driver) => {
  let t: Awaited<ReturnType<typeof startOn>>;
  let admin: { authorization: string };
  let editor: { authorization: string };
  beforeAll(async () => {
    t = await startOn(driver);
    admin = await bearerFor(t.netra.database.db, 'admin');
    editor = await bearerFor(t.netra.database.db, 'editor');
  }, 180_000);
  afterAll(async () => t?.stop(), 60_000);

  it('explains a known question: status, score against the thresholds, candidates, best phrasing, normalised text', async () => {
    const res = await t.post('/api/admin/match', { text: KNOWN }, admin);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { knowledgeVersion: string; results: Array<Record<string, any>> };
    expect(body.knowledgeVersion).toBe(t.netra.knowledge.current().version);
    const [r] = body.results;
    expect(r).toMatchObject({ text: KNOWN, status: 'answered', entryId: 'acara-partai-narasumber-jurkam', inDomain: expect.any(Boolean) });
    expect(r!.score).toBeGreaterThanOrEqual(r!.applied.answer);
    expect(r!.lead).toBeGreaterThanOrEqual(r!.applied.margin);
    expect(r!.thresholds).toHaveProperty('clarify');
    expect(r!.normalized).toMatch(/partai/);
    expect(r!.candidates[0]).toMatchObject({ entryId: 'acara-partai-narasumber-jurkam', score: r!.score, matchedPhrase: expect.any(String) });
    expect(r!.candidates.length).toBeGreaterThan(3);
    // The explanation is the live matcher's decision.
    expect(t.netra.knowledge.current().matcher.match(KNOWN).entry?.id).toBe(r!.entryId);
  });

  it('runs a batch with right/wrong where the expected answer is given', async () => {
    const res = await t.post('/api/admin/match', { texts: [KNOWN, { text: KNOWN, expected: 'acara-partai-narasumber-jurkam' }, { text: KNOWN, expected: TARGET }, { text: 'resep rendang padang', expected: null }] }, editor);
    const { results } = (await res.json()) as { results: Array<{ status: string; right?: boolean }> };
    expect(results.map((r) => r.right)).toEqual([undefined, true, false, true]);
  });

  it('refuses bad input and the wrong roles', async () => {
    expect((await t.post('/api/admin/match', { texts: [] }, admin)).status).toBe(400);
    expect((await t.post('/api/admin/match', { text: KNOWN })).status).toBe(401);
    expect((await t.post('/api/admin/match', { text: KNOWN }, await bearerFor(t.netra.database.db, 'reviewer'))).status).toBe(403);
    expect((await t.post('/api/admin/phrasings', { entryId: 'tidak-ada', text: NEW_PHRASING }, admin)).status).toBe(404);
  });

  it('lists the labelled questions whose outcome a phrasing changes, and refuses a labelled question as phrasing', async () => {
    const dev = parseCases(readFileSync('test/fixtures/dev.jsonl', 'utf8'));
    const labelled = dev.find((c) => typeof c.expect === 'string' && c.expect !== TARGET)!;
    // A labelled question's own words, given to another entry: that question (at least) must move.
    const impact = await t.post('/api/admin/phrasings/impact', { entryId: TARGET, text: labelled.text }, admin);
    expect(impact.status).toBe(200);
    const body = (await impact.json()) as { inLabelledSets: string[]; changes: Array<{ text: string; effect: string }>; counts: { broken: number } };
    expect(body.inLabelledSets).toContain('dev.jsonl');
    expect(body.changes.length).toBeGreaterThan(0);
    expect(body.counts.broken).toBeGreaterThan(0);
    const refused = await t.post('/api/admin/phrasings', { entryId: TARGET, text: labelled.text }, admin);
    expect(refused.status).toBe(422);
    expect(((await refused.json()) as { message: string }).message).toMatch(/set uji berlabel/);
  }, 180_000);

  it("adds a phrasing: a new version, an audit row, and the live answer changes; an editor's becomes a proposal", async () => {
    expect(t.netra.knowledge.current().matcher.match(NEW_PHRASING).status).not.toBe('answered');
    const before = await getEntry(t.netra.database.db, TARGET);

    const proposed = await t.post('/api/admin/phrasings', { entryId: TARGET, text: NEW_PHRASING }, editor);
    expect(proposed.status).toBe(202);
    expect((await getEntry(t.netra.database.db, TARGET))!.version).toBe(before!.version);

    const res = await t.post('/api/admin/phrasings', { entryId: TARGET, text: NEW_PHRASING }, admin);
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ status: 'published', entryId: TARGET, version: before!.version + 1 });
    const after = await getEntry(t.netra.database.db, TARGET);
    expect(after!.entry.questions.at(-1)).toBe(NEW_PHRASING);
    const audits = await t.netra.database.db.select().from(auditLog).where(and(eq(auditLog.target, `entry:${TARGET}`)));
    expect(audits.length).toBeGreaterThan(0);

    const ask = (await (await t.post('/api/ask', { text: NEW_PHRASING })).json()) as { status: string; entry: { id: string } | null };
    expect(ask).toMatchObject({ status: 'answered', entry: { id: TARGET } });
    expect((await t.post('/api/admin/phrasings', { entryId: TARGET, text: NEW_PHRASING }, admin)).status).toBe(422);
  }, 180_000);
});
