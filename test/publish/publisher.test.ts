import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNetra } from '../helpers/netra.js';
import { writeVersion } from './edit.js';

const QUESTION = 'bolehkah asn like postingan calon bupati di facebook?';

describe('publishing without restart (one process, PGlite)', () => {
  let t: Awaited<ReturnType<typeof startTestNetra>>;
  beforeAll(async () => {
    t = await startTestNetra();
  }, 300_000);
  afterAll(async () => t?.netra.stop());

  const ask = async () => (await (await t.post('/api/ask', { text: QUESTION })).json()) as { entry: { id: string } | null; answer: string };

  it('rebuilds in the worker, keeps answering from the old matcher meanwhile, then swaps', async () => {
    const before = await ask();
    expect(before.entry).not.toBeNull();
    const id = before.entry!.id;
    const marker = `Jawaban baru ${Date.now()}`;
    await writeVersion(t.netra.database.db, id, (e) => ({ ...e, answer: `${marker}. ${e.answer}`.slice(0, 900) }));

    const events: string[] = [];
    let done = false;
    const refresh = t.netra.publisher.published().then((report) => {
      events.push('swapped');
      done = true;
      return report;
    });
    // Ask again and again while the build runs: each answer completes without waiting for the build.
    while (!done) {
      const reply = await ask();
      if (!done) events.push(reply.answer.includes(marker) ? 'new' : 'old');
    }
    const report = await refresh;
    expect(report.outcome).toBe('swapped');
    expect(events.indexOf('swapped')).toBeGreaterThan(0);
    expect(events.slice(0, events.indexOf('swapped'))).not.toContain('new');
    expect((await ask()).answer).toContain(marker);
    expect(t.logs.lines.some((l) => l.msg === 'knowledge published: new snapshot live')).toBe(true);
  }, 120_000);

  it('coalesces concurrent publishes: one build runs, one waits, the rest share it', async () => {
    const calls = Array.from({ length: 5 }, () => t.netra.publisher.refresh('test'));
    const reports = await Promise.all(calls);
    // Nothing changed since the last build: every refresh is a cheap stamp check.
    expect(reports.map((r) => r.outcome)).toEqual(['unchanged', 'unchanged', 'unchanged', 'unchanged', 'unchanged']);
    expect(new Set(calls.slice(1))).toHaveLength(1);
  }, 60_000);

  it('keeps the old snapshot and logs when a build fails', async () => {
    const before = t.netra.knowledge.current();
    const id = [...before.entries.keys()][0]!;
    // Stored data the matcher cannot read (no phrasing list) makes the build throw in the worker.
    await writeVersion(t.netra.database.db, id, (e) => ({ ...e, questions: null as unknown as string[] }));
    const report = await t.netra.publisher.refresh('test');
    expect(report.outcome).toBe('failed');
    expect(t.netra.knowledge.current()).toBe(before);
    expect(t.logs.lines.some((l) => l.msg === 'knowledge rebuild failed: the previous snapshot stays live')).toBe(true);
    expect((await ask()).entry).not.toBeNull();
  }, 60_000);
});
