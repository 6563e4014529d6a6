import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { runMigrations } from '../../src/db/migrate.js';
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
