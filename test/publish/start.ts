import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startNetra, type RunningNetra } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { openTestDatabase, type TestDatabase } from '../helpers/database.js';
import { KNOWLEDGE_DIR } from '../helpers/knowledge.js';
import { memoryLogger } from '../helpers/logger.js';

/** The whole server on a free port, on in-memory PGlite or on a fresh Postgres database of its own. */
export async function startOn(driver: 'pglite' | 'postgres') {
  let testDb: TestDatabase | undefined;
  if (driver === 'postgres') {
    testDb = await openTestDatabase('postgres');
    await testDb.database.close();
  }
  const config = loadConfig({ PORT: '0', DATA_DIR: mkdtempSync(join(tmpdir(), 'netra-publish-')), KNOWLEDGE_DIR, USER_KEY_SECRET: 'test-secret-0123456789abcdef', LOG_LEVEL: 'debug' });
  const logs = memoryLogger();
  const netra: RunningNetra = await startNetra(config, logs.log, { databaseTarget: testDb?.url ? { kind: 'postgres', url: testDb.url } : { kind: 'memory' } });
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${netra.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return {
    netra,
    logs,
    post,
    stop: async () => {
      await netra.stop();
      if (testDb) {
        // The helper's own handle is closed already; dropping the database is all that is left.
        const { default: postgres } = await import('postgres');
        const admin = postgres(process.env.TEST_DATABASE_URL!, { max: 1, onnotice: () => {} });
        await admin.unsafe(`drop database if exists ${new URL(testDb.url!).pathname.slice(1)} with (force)`);
        await admin.end({ timeout: 5 });
      }
    },
  };
}
