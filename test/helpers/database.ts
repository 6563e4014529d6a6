import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { openDatabase, type Database } from '../../src/db/client.js';
import { runMigrations } from '../../src/db/migrate.js';

export interface TestDatabase {
  database: Database;
  /** Set when the test runs against real Postgres: the URL of this test's own database. */
  url?: string;
  cleanup(): Promise<void>;
}

/** The drivers a suite should run on: always PGlite, plus Postgres when TEST_DATABASE_URL is set. */
export const TEST_DRIVERS: ('pglite' | 'postgres')[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

/**
 * A fresh, migrated database: in-memory PGlite, or a new database on the TEST_DATABASE_URL server
 * (created per call and dropped on cleanup, so parallel test files never see each other's rows).
 */
export async function openTestDatabase(driver: 'pglite' | 'postgres' = 'pglite'): Promise<TestDatabase> {
  if (driver === 'pglite') {
    const database = await openDatabase({ kind: 'memory' });
    await runMigrations(database);
    return { database, cleanup: () => database.close() };
  }
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error('TEST_DATABASE_URL is not set');
  const name = `netra_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ kind: 'postgres', url: url.toString(), maxConnections: 4 });
  await runMigrations(database, url.toString());
  return {
    database,
    url: url.toString(),
    cleanup: async () => {
      await database.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end({ timeout: 5 });
    },
  };
}
