import { and, count, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, kbDocumentVersions, kbEntryVersions } from '../../src/db/schema.js';
import { importDocuments } from '../../src/kb/documents.js';
import { entryHistory, getEntry, revertEntry, saveCategories, saveEntry, saveText, setEntryArchived } from '../../src/kb/editor.js';
import { loadLiveKnowledge } from '../../src/kb/live.js';
import { loadKnowledgeDir } from '../../src/kb/load.js';
import { approveProposal, listProposals, rejectProposal } from '../../src/kb/proposals.js';
import { importKnowledgeFiles } from '../../src/kb/repository.js';
import { documentFiles } from '../../src/kb/service.js';
import type { KnowledgeEntry } from '../../src/kb/types.js';
import type { Author } from '../../src/kb/versioned.js';
import { openTestDatabase, TEST_DRIVERS, type TestDatabase } from '../helpers/database.js';
import { KNOWLEDGE_DIR } from '../helpers/knowledge.js';

const admin: Author = { id: 'u-admin', name: 'Sari (admin)', role: 'admin' };
const otherAdmin: Author = { id: 'u-admin-2', name: 'Budi (admin)', role: 'admin' };
const editor: Author = { id: 'u-editor', name: 'Rina (editor)', role: 'editor' };
const ID = 'foto-bersama-calon';

const loaded = await loadKnowledgeDir(KNOWLEDGE_DIR);

async function importAll(db: TestDatabase['database']['db']) {
  await importKnowledgeFiles(db, loaded.files);
  return importDocuments(db, await documentFiles(KNOWLEDGE_DIR, loaded.texts));
}

describe.each(TEST_DRIVERS)('knowledge editor model on %s', (driver) => {
  let t: TestDatabase;
  let db: TestDatabase['database']['db'];
  let current: KnowledgeEntry;
  let version: number;

  beforeEach(async () => {
    t = await openTestDatabase(driver);
    db = t.database.db;
    await importAll(db);
    const record = await getEntry(db, ID);
    current = record!.entry;
    version = record!.version;
  });
  afterEach(() => t.cleanup());

  it('imports chat texts and categories once; unchanged files write nothing, console edits are kept', async () => {
    const live = await loadLiveKnowledge(db);
    expect(live.texts.welcome).toBe(loaded.texts.welcome);
    expect(live.categories.map((c) => c.id)).toContain('foto-pose');
    const again = await importAll(db);
    expect(again.written).toEqual([]);
    const [before] = await db.select({ n: count() }).from(kbDocumentVersions);

    const saved = await saveText(db, admin, { name: 'welcome', text: 'Halo, ini sapaan baru.', baseVersion: 1 });
    expect(saved.status).toBe('published');
    const changedFile = (await documentFiles(KNOWLEDGE_DIR, { ...loaded.texts, welcome: 'Sapaan dari berkas yang berubah' })).filter((f) => f.key === 'text:welcome');
    const result = await importDocuments(db, changedFile);
    expect(result.keptDatabaseEdits).toEqual(['text:welcome']);
    expect((await loadLiveKnowledge(db)).texts.welcome).toBe('Halo, ini sapaan baru.');
    const [after] = await db.select({ n: count() }).from(kbDocumentVersions);
    expect(after!.n).toBe(before!.n + 1);
  });

  it("publishes an admin's save as a new version with who and when, and audits before/after in the same transaction", async () => {
    const result = await saveEntry(db, admin, { entry: { ...current, answer: `${current.answer.slice(0, 800)}\n\nCatatan baru.` }, baseVersion: version });
    expect(result).toMatchObject({ status: 'published', version: version + 1 });
    const history = await entryHistory(db, ID);
    expect(history[0]).toMatchObject({ version: version + 1, author: admin.name });
    expect(history[0]!.at).toBeInstanceOf(Date);
    const live = await loadLiveKnowledge(db);
    expect(live.entries.find((e) => e.id === ID)!.answer).toContain('Catatan baru.');
    const [audit] = await db.select().from(auditLog).where(and(eq(auditLog.action, 'entry.save'), eq(auditLog.target, `entry:${ID}`)));
    expect(audit).toMatchObject({ actorId: admin.id, actorName: admin.name });
    expect((audit!.before as { version: number }).version).toBe(version);
    expect((audit!.after as { data: KnowledgeEntry }).data.answer).toContain('Catatan baru.');
  });

  it('refuses a save based on a stale version, naming who changed it, and overwrites nothing', async () => {
    await saveEntry(db, otherAdmin, { entry: { ...current, title: 'Berfoto dengan calon' }, baseVersion: version });
    const stale = await saveEntry(db, admin, { entry: { ...current, title: 'Judul saya' }, baseVersion: version });
    expect(stale.status).toBe('conflict');
    if (stale.status !== 'conflict') return;
    expect(stale.changedBy).toBe(otherAdmin.name);
    expect(stale.currentVersion).toBe(version + 1);
    expect(stale.message).toContain(otherAdmin.name);
    expect((await getEntry(db, ID))!.entry.title).toBe('Berfoto dengan calon');
  });

  it('lets exactly one of two simultaneous saves of the same version win', async () => {
    const results = await Promise.all([
      saveEntry(db, admin, { entry: { ...current, title: 'Versi A' }, baseVersion: version }),
      saveEntry(db, otherAdmin, { entry: { ...current, title: 'Versi B' }, baseVersion: version }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['conflict', 'published']);
    const [versions] = await db.select({ n: count() }).from(kbEntryVersions).where(eq(kbEntryVersions.entryId, ID));
    expect(versions!.n).toBe(version + 1);
  });

  it('reports each broken rule on its own field', async () => {
    const broken: KnowledgeEntry = {
      ...current,
      title: '',
      questions: current.questions.slice(0, 3),
      sources: [current.sources[0]!, { title: 'UU ASN', ref: 'Pasal 9', url: 'bukan tautan', kind: 'regulation' }],
      related: ['tidak-ada-entri-ini'],
      category: 'kategori-baru',
      answer: 'x'.repeat(901),
      reviewed: '30-11-2026',
    };
    const result = await saveEntry(db, admin, { entry: broken, baseVersion: version });
    expect(result.status).toBe('invalid');
    if (result.status !== 'invalid') return;
    const fields = result.problems.map((p) => p.field);
    expect(fields).toEqual(expect.arrayContaining(['title', 'questions', 'sources.1.url', 'answer', 'reviewed']));
    expect(result.problems.find((p) => p.field === 'answer')!.message).toContain('901');
    expect(result.problems.find((p) => p.field === 'questions')!.message).toBe('minimal 6 pertanyaan');

    const crossBroken = await saveEntry(db, admin, { entry: { ...current, related: ['tidak-ada-entri-ini'], category: 'kategori-baru' }, baseVersion: version });
    expect(crossBroken.status === 'invalid' && crossBroken.problems.map((p) => p.field).sort()).toEqual(['category', 'related']);
  });

  it("turns an editor's save into a proposal that an admin approves (published) or rejects with a comment", async () => {
    const proposed = await saveEntry(db, editor, { entry: { ...current, title: 'Usulan judul editor' }, baseVersion: version });
    expect(proposed.status).toBe('proposed');
    expect((await getEntry(db, ID))!.entry.title).toBe(current.title);
    expect((await getEntry(db, ID))!.pendingProposals).toBe(1);
    const [pending] = await listProposals(db, { status: 'pending', authorId: editor.id });
    const approved = await approveProposal(db, admin, pending!.id);
    expect(approved).toMatchObject({ status: 'published', version: version + 1 });
    expect((await getEntry(db, ID))!.entry.title).toBe('Usulan judul editor');
    expect((await entryHistory(db, ID))[0]!.author).toBe(`${editor.name} (disetujui ${admin.name})`);
    expect(await approveProposal(db, admin, pending!.id)).toMatchObject({ status: 'already-decided' });

    const second = await saveEntry(db, editor, { entry: { ...current, title: 'Usulan kedua' }, baseVersion: version + 1 });
    expect(second.status).toBe('proposed');
    if (second.status !== 'proposed') return;
    expect(await rejectProposal(db, admin, second.proposalId, 'Judul terlalu umum.')).toEqual({ status: 'rejected' });
    const [rejected] = await listProposals(db, { status: 'rejected' });
    expect(rejected).toMatchObject({ comment: 'Judul terlalu umum.', decidedByName: admin.name });
    expect((await getEntry(db, ID))!.entry.title).toBe('Usulan judul editor');
  });

  it('does not approve a proposal whose entry changed since the editor started', async () => {
    const proposed = await saveEntry(db, editor, { entry: { ...current, title: 'Usulan lama' }, baseVersion: version });
    await saveEntry(db, otherAdmin, { entry: { ...current, title: 'Perubahan admin lain' }, baseVersion: version });
    if (proposed.status !== 'proposed') throw new Error('expected a proposal');
    const result = await approveProposal(db, admin, proposed.proposalId);
    expect(result).toMatchObject({ status: 'conflict', changedBy: otherAdmin.name });
    expect((await getEntry(db, ID))!.entry.title).toBe('Perubahan admin lain');
  });

  it('reverts in one step, as a new version', async () => {
    await saveEntry(db, admin, { entry: { ...current, title: 'Judul sementara' }, baseVersion: version });
    const reverted = await revertEntry(db, admin, { id: ID, toVersion: version, baseVersion: version + 1 });
    expect(reverted).toMatchObject({ status: 'published', version: version + 2 });
    expect((await getEntry(db, ID))!.entry).toEqual(current);
    expect((await entryHistory(db, ID)).map((h) => h.version)).toEqual([version + 2, version + 1, version].concat(Array.from({ length: version - 1 }, (_, i) => version - 1 - i)));
  });

  it('creates entries, refuses a taken id, and archives (no longer live, history kept) and unarchives', async () => {
    const fresh: KnowledgeEntry = { ...current, id: 'foto-bersama-calon-baru', title: 'Entri baru', questions: current.questions.map((q) => `${q} (baru)`), related: [] };
    expect(await saveEntry(db, admin, { entry: fresh, baseVersion: 0 })).toMatchObject({ status: 'published', version: 1 });
    expect(await saveEntry(db, admin, { entry: fresh, baseVersion: 0 })).toMatchObject({ status: 'conflict' });

    expect(await setEntryArchived(db, admin, { id: ID, archived: true })).toBe('done');
    expect((await loadLiveKnowledge(db)).entries.some((e) => e.id === ID)).toBe(false);
    expect((await entryHistory(db, ID)).length).toBe(version);
    expect((await getEntry(db, ID))!.archived).toBe(true);
    await setEntryArchived(db, admin, { id: ID, archived: false });
    expect((await loadLiveKnowledge(db)).entries.some((e) => e.id === ID)).toBe(true);
    const actions = (await db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.target, `entry:${ID}`))).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['entry.archive', 'entry.unarchive']));
    expect(await setEntryArchived(db, admin, { id: 'tidak-ada', archived: true })).toBe('not-found');
  });

  it('versions the category list and refuses to drop a category entries still use', async () => {
    const live = await loadLiveKnowledge(db);
    const withoutFoto = live.categories.filter((c) => c.id !== 'foto-pose');
    const refused = await saveCategories(db, admin, { categories: withoutFoto, baseVersion: 1 });
    expect(refused.status === 'invalid' && refused.problems[0]!.message).toContain('foto-pose');
    const renamed = live.categories.map((c) => (c.id === 'foto-pose' ? { ...c, title: 'Foto dan pose' } : c));
    expect(await saveCategories(db, admin, { categories: renamed, baseVersion: 1 })).toMatchObject({ status: 'published', version: 2 });
    expect((await loadLiveKnowledge(db)).categories.find((c) => c.id === 'foto-pose')!.title).toBe('Foto dan pose');
    expect(await saveText(db, editor, { name: 'fallback', text: 'Maaf, belum ada jawabannya.', baseVersion: 1 })).toMatchObject({ status: 'proposed' });
    expect(await saveText(db, admin, { name: 'tidak-dikenal', text: 'x', baseVersion: 0 })).toMatchObject({ status: 'invalid' });
  });
});
