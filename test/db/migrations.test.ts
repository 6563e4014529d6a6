import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { MIGRATIONS_FOLDER, runMigrations } from '../../src/db/migrate.js';
import { inboundDedup } from '../../src/db/schema.js';
import { openTestDatabase, TEST_DRIVERS } from '../helpers/database.js';

const TABLES = ['chat_context', 'feedback', 'inbound_dedup', 'kb_audit', 'kb_entries', 'kb_entry_versions', 'query_log', 'whatsapp_auth', 'whatsapp_sent_messages'];

async function tableNames(db: Parameters<typeof runMigrations>[0]['db']): Promise<string[]> {
  const rows = await db.execute<{ table_name: string }>(sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`);
  const list = Array.isArray(rows) ? rows : (rows as unknown as { rows: { table_name: string }[] }).rows;
  return list.map((r) => r.table_name);
}

describe.each(TEST_DRIVERS)('migrations on %s', (driver) => {
  it('create every table, and running them again changes nothing', async () => {
    const { database, url, cleanup } = await openTestDatabase(driver);
    try {
      expect(await tableNames(database.db)).toEqual(expect.arrayContaining(TABLES));
      await runMigrations(database, url);
      expect(await tableNames(database.db)).toEqual(expect.arrayContaining(TABLES));
    } finally {
      await cleanup();
    }
  });
});

/** A copy of the migrations folder holding only the migrations before `tag`. */
function migrationsBefore(tag: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'netra-migrations-'));
  cpSync(MIGRATIONS_FOLDER, dir, { recursive: true });
  const journalPath = join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
  const index = journal.entries.findIndex((e) => e.tag === tag);
  if (index < 0) throw new Error(`no migration ${tag}`);
  journal.entries = journal.entries.slice(0, index);
  writeFileSync(journalPath, JSON.stringify(journal));
  return dir;
}

describe.each(TEST_DRIVERS)('the inbound claim state migration on %s', (driver) => {
  it('turns the ids recorded before it into answered claims, never to be taken over', async () => {
    const { database, url, cleanup } = await openTestDatabase(driver);
    const before = migrationsBefore('0006_inbound_claim_state');
    try {
      await database.db.execute(sql`drop schema if exists drizzle cascade`);
      await database.db.execute(sql`drop schema public cascade`);
      await database.db.execute(sql`create schema public`);
      if (database.driver === 'pglite') {
        await migratePglite(database.db as unknown as PgliteDatabase, { migrationsFolder: before });
      } else {
        const client = postgres(url!, { max: 1, onnotice: () => {} });
        await migratePostgres(drizzlePostgres(client), { migrationsFolder: before }).finally(() => client.end({ timeout: 5 }));
      }
      await database.db.execute(sql`insert into inbound_dedup (channel, external_id) values ('telegram', 'old-key')`);
      await runMigrations(database, url);
      expect(await database.db.select({ externalId: inboundDedup.externalId, state: inboundDedup.state }).from(inboundDedup)).toEqual([
        { externalId: 'old-key', state: 'answered' },
      ]);
    } finally {
      rmSync(before, { recursive: true, force: true });
      await cleanup();
    }
  });
});

describe.runIf(process.env.TEST_DATABASE_URL)('migrations on Postgres from several replicas at once', () => {
  it('do not race: every replica starts, the schema is created once', async () => {
    const { database, url, cleanup } = await openTestDatabase('postgres');
    try {
      // A fresh database whose schema has not been created yet, migrated by three "replicas" at once.
      await database.db.execute(sql`drop schema if exists drizzle cascade`);
      await database.db.execute(sql`drop schema public cascade`);
      await database.db.execute(sql`create schema public`);
      const replicas = await Promise.all([1, 2, 3].map(() => openDatabase({ kind: 'postgres', url: url!, maxConnections: 1 })));
      try {
        await Promise.all(replicas.map((r) => runMigrations(r, url)));
      } finally {
        await Promise.all(replicas.map((r) => r.close()));
      }
      expect(await tableNames(database.db)).toEqual(expect.arrayContaining(TABLES));
    } finally {
      await cleanup();
    }
  });
});
