import { join } from 'node:path';
import type { Config } from '../config.js';
import { openDatabase, type Database } from '../db/client.js';
import { runMigrations } from '../db/migrate.js';

/** Opens (and migrates) the database a CLI command works on: Postgres when DATABASE_URL is set, else the embedded one. */
export async function openCliDatabase(config: Config): Promise<Database> {
  const database = config.DATABASE_URL
    ? await openDatabase({ kind: 'postgres', url: config.DATABASE_URL, maxConnections: 2 })
    : await openDatabase({ kind: 'pglite', dataDir: join(config.DATA_DIR) });
  try {
    await runMigrations(database, config.DATABASE_URL);
  } catch (error) {
    await database.close();
    throw error;
  }
  return database;
}
