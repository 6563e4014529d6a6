import { eq } from 'drizzle-orm';
import type { Db } from '../../src/db/client.js';
import { kbEntries, kbEntryVersions } from '../../src/db/schema.js';
import type { KnowledgeEntry } from '../../src/kb/types.js';

/** Writes a new current version of an entry straight into the database (as a save in the console would). */
export async function writeVersion(db: Db, id: string, change: (entry: KnowledgeEntry) => KnowledgeEntry): Promise<KnowledgeEntry> {
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(kbEntries).where(eq(kbEntries.id, id));
    if (!row) throw new Error(`no entry ${id}`);
    const versions = await tx.select().from(kbEntryVersions).where(eq(kbEntryVersions.entryId, id));
    const base = versions.find((v) => v.version === row.currentVersion)?.data;
    if (!base) throw new Error(`no live version of ${id}`);
    const next = change(base);
    const version = Math.max(...versions.map((v) => v.version)) + 1;
    await tx.insert(kbEntryVersions).values({ entryId: id, version, data: next, sourceText: null, author: 'test' });
    await tx.update(kbEntries).set({ currentVersion: version, updatedAt: new Date() }).where(eq(kbEntries.id, id));
    return next;
  });
}
