import { eq } from 'drizzle-orm';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kbEntries, kbEntryVersions } from '../../src/db/schema.js';
import { exportEntries } from '../../src/kb/export.js';
import { liveBundle, writeBundle } from '../../src/kb/files-sync.js';
import { loadKnowledgeDir } from '../../src/kb/load.js';
import { importKnowledgeFiles, loadLiveEntries } from '../../src/kb/repository.js';
import { openTestDatabase, TEST_DRIVERS, type TestDatabase } from '../helpers/database.js';
import { KNOWLEDGE_DIR } from '../helpers/knowledge.js';

function copyOfKnowledge(): string {
  const dir = mkdtempSync(join(tmpdir(), 'netra-kb-'));
  cpSync(KNOWLEDGE_DIR, dir, { recursive: true });
  return dir;
}

function snapshotTree(dir: string, paths: string[]): Record<string, string> {
  return Object.fromEntries(paths.map((p) => [p, readFileSync(join(dir, p), 'utf8')]));
}

describe.each(TEST_DRIVERS)('knowledge import and export on %s', (driver) => {
  let testDb: TestDatabase;
  beforeAll(async () => {
    testDb = await openTestDatabase(driver);
  });
  afterAll(async () => {
    await testDb.cleanup();
  });

  it('imports every file once, and an unchanged tree writes nothing', async () => {
    const dir = copyOfKnowledge();
    const loaded = await loadKnowledgeDir(dir);
    const first = await importKnowledgeFiles(testDb.database.db, loaded.files);
    expect(first.created).toHaveLength(loaded.files.length);
    const again = await importKnowledgeFiles(testDb.database.db, loaded.files);
    expect(again).toEqual({ created: [], updated: [], unchanged: loaded.files.map((f) => f.entry.id), keptDatabaseEdits: [] });
    expect(await loadLiveEntries(testDb.database.db)).toHaveLength(loaded.files.length);
  });

  it('round-trips: export after import leaves the tree byte for byte unchanged', async () => {
    const dir = copyOfKnowledge();
    const loaded = await loadKnowledgeDir(dir);
    const before = snapshotTree(dir, loaded.files.map((f) => f.path));
    const result = await exportEntries(await loadLiveEntries(testDb.database.db), dir);
    expect(result.written).toEqual([]);
    expect(snapshotTree(dir, loaded.files.map((f) => f.path))).toEqual(before);
  });

  it('a changed file becomes a new version', async () => {
    const dir = copyOfKnowledge();
    const loaded = await loadKnowledgeDir(dir);
    const file = loaded.files[0]!;
    const path = join(dir, file.path);
    writeFileSync(path, readFileSync(path, 'utf8').replace(/\n$/, '\nTambahan kalimat.\n'));
    const result = await importKnowledgeFiles(testDb.database.db, (await loadKnowledgeDir(dir)).files);
    expect(result.updated).toEqual([file.entry.id]);
    const live = (await loadLiveEntries(testDb.database.db)).find((l) => l.entry.id === file.entry.id)!;
    expect(live.version).toBe(2);
    expect(live.entry.answer).toMatch(/Tambahan kalimat\.$/);
  });

  it('keeps an entry edited in the database when its file changes, and exports the edit', async () => {
    const dir = copyOfKnowledge();
    const loaded = await loadKnowledgeDir(dir);
    const file = loaded.files[1]!;
    const db = testDb.database.db;
    // An admin edit: a new version that did not come from a file.
    const [row] = await db.select().from(kbEntries).where(eq(kbEntries.id, file.entry.id));
    const edited = { ...file.entry, answer: 'Jawaban yang disunting admin.' };
    await db.insert(kbEntryVersions).values({ entryId: file.entry.id, version: row!.currentVersion + 1, data: edited, author: 'admin' });
    await db.update(kbEntries).set({ currentVersion: row!.currentVersion + 1 }).where(eq(kbEntries.id, file.entry.id));

    writeFileSync(join(dir, file.path), readFileSync(join(dir, file.path), 'utf8').replace(/\n$/, '\nPerubahan dari file.\n'));
    const result = await importKnowledgeFiles(db, (await loadKnowledgeDir(dir)).files);
    expect(result.keptDatabaseEdits).toEqual([file.entry.id]);
    const live = (await loadLiveEntries(db)).find((l) => l.entry.id === file.entry.id)!;
    expect(live.entry.answer).toBe('Jawaban yang disunting admin.');

    const exported = await exportEntries(await loadLiveEntries(db), dir);
    expect(exported.written).toContain(file.path);
    const reloaded = (await loadKnowledgeDir(dir)).files.find((f) => f.entry.id === file.entry.id)!;
    expect(reloaded.entry).toEqual(edited);
  });

  it('removes the file of an entry archived in the console, so a fresh database does not bring it back', async () => {
    const dir = copyOfKnowledge();
    const loaded = await loadKnowledgeDir(dir);
    const archived = loaded.files[3]!;
    const db = testDb.database.db;
    await db.update(kbEntries).set({ archivedAt: new Date() }).where(eq(kbEntries.id, archived.entry.id));

    const result = await writeBundle(await liveBundle(db), dir);
    expect(result.removed).toEqual([archived.path]);
    expect(existsSync(join(dir, archived.path))).toBe(false);
    expect(existsSync(join(dir, loaded.files[4]!.path))).toBe(true);

    const fresh = await openTestDatabase(driver);
    try {
      const reloaded = await loadKnowledgeDir(dir);
      await importKnowledgeFiles(fresh.database.db, reloaded.files);
      const ids = (await loadLiveEntries(fresh.database.db)).map((l) => l.entry.id);
      expect(ids).not.toContain(archived.entry.id);
      expect(ids).toHaveLength(loaded.files.length - 1);
    } finally {
      await fresh.cleanup();
      await db.update(kbEntries).set({ archivedAt: null }).where(eq(kbEntries.id, archived.entry.id));
    }
  });

  it('leaves a file at an archived entry’s path alone when it holds another entry', async () => {
    const dir = copyOfKnowledge();
    const other = (await loadKnowledgeDir(dir)).files[5]!;
    const path = `${other.entry.category}/bukan-ini.md`;
    writeFileSync(join(dir, path), other.rawText);
    const result = await exportEntries([], dir, [{ id: 'bukan-ini', category: other.entry.category }]);
    expect(result.removed).toEqual([]);
    expect(existsSync(join(dir, path))).toBe(true);
  });

  it('reads a version stored before sources had a kind with every source under "Dasar hukum"', async () => {
    const loaded = await loadKnowledgeDir(copyOfKnowledge());
    const file = loaded.files[2]!;
    const db = testDb.database.db;
    const [row] = await db.select().from(kbEntries).where(eq(kbEntries.id, file.entry.id));
    const legacy = { ...file.entry, sources: file.entry.sources.map(({ title, ref, url }) => ({ title, ref, ...(url ? { url } : {}) })) };
    await db.insert(kbEntryVersions).values({ entryId: file.entry.id, version: row!.currentVersion + 1, data: legacy as typeof file.entry, author: 'admin' });
    await db.update(kbEntries).set({ currentVersion: row!.currentVersion + 1 }).where(eq(kbEntries.id, file.entry.id));
    const live = (await loadLiveEntries(db)).find((l) => l.entry.id === file.entry.id)!;
    expect(live.entry.sources.map((s) => s.kind)).toEqual(file.entry.sources.map(() => 'regulation'));
  });
});
