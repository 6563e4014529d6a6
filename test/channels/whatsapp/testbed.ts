import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { createQueryLogWriter, type QueryLogWriter } from '../../../src/analytics/writer.js';
import type { ChannelDeps } from '../../../src/channels/index.js';
import { loadConfig } from '../../../src/config.js';
import { createCore, type Core } from '../../../src/core/handle.js';
import type { Database } from '../../../src/db/client.js';
import type { KnowledgeSnapshot } from '../../../src/kb/snapshot.js';
import { openTestDatabase } from '../../helpers/database.js';
import { memoryLogger } from '../../helpers/logger.js';

export const USER_KEY_SECRET = 'whatsapp-test-user-key-secret-0123';

export interface TestBed {
  database: Database;
  core: Core;
  writer: QueryLogWriter;
  logs: ReturnType<typeof memoryLogger>;
  deps(env?: Record<string, string>): ChannelDeps;
  /** Every row of the tables Netra writes for WhatsApp, as text (to prove no phone number is stored). */
  dumpTables(): Promise<string>;
  /** Empties the tables between tests (cheaper than a new database per test). */
  reset(): Promise<void>;
  cleanup(): Promise<void>;
}

/** A migrated database, the real core over the given knowledge, and the real query-log writer. */
export async function openTestBed(driver: 'pglite' | 'postgres', knowledge: KnowledgeSnapshot): Promise<TestBed> {
  const testDb = await openTestDatabase(driver);
  const logs = memoryLogger();
  const spoolDir = mkdtempSync(join(tmpdir(), 'netra-whatsapp-spool-'));
  const writer = createQueryLogWriter({ db: testDb.database.db, spoolDir, log: logs.log });
  writer.start();
  const core = createCore({ knowledge: () => knowledge, log: writer });
  return {
    database: testDb.database,
    core,
    writer,
    logs,
    deps: (env = {}) => ({
      config: loadConfig({ USER_KEY_SECRET, LOG_LEVEL: 'debug', ...env }),
      core,
      database: testDb.database,
      knowledge: () => knowledge,
      userKeySecret: USER_KEY_SECRET,
      log: logs.log,
    }),
    async dumpTables() {
      const tables = ['query_log', 'feedback', 'inbound_dedup', 'chat_context', 'whatsapp_sent_messages'];
      const parts: string[] = [];
      for (const table of tables) {
        const result = await testDb.database.db.execute(sql.raw(`select * from ${table}`));
        const rows = Array.isArray(result) ? result : (result as { rows: unknown[] }).rows;
        parts.push(JSON.stringify(rows));
      }
      return parts.join('\n');
    },
    async reset() {
      await writer.flush();
      await testDb.database.db.execute(
        sql.raw('truncate query_log, feedback, inbound_dedup, chat_context, whatsapp_sent_messages, whatsapp_auth'),
      );
      logs.lines.length = 0;
    },
    async cleanup() {
      await writer.stop();
      await testDb.cleanup();
      rmSync(spoolDir, { recursive: true, force: true });
    },
  };
}

/**
 * The matcher is tuned independently of this channel, so tests pick their example questions from the live
 * knowledge (fixed favourites first, then every keyword, title and canonical question) instead of
 * hard-coding which entry a phrase hits today.
 */
const VAGUE_FAVOURITES = ['partai', 'calon', 'kampanye', 'pilkada', 'keluarga', 'spanduk', 'baliho', 'golput'];
const CLEAR_FAVOURITES = ['boleh gak pns like postingan calon?', 'bolehkah ASN follow akun calon bupati?', 'asn boleh jadi kpps?', 'foto bareng calon'];

function candidates(knowledge: KnowledgeSnapshot, favourites: string[]): string[] {
  const entries = [...knowledge.entries.values()];
  return [...new Set([...favourites, ...entries.flatMap((e) => e.keywords), ...knowledge.categories.map((c) => c.title), ...entries.map((e) => e.questions[0] ?? e.title)])];
}

export function clarifyQuestion(knowledge: KnowledgeSnapshot, minSuggestions = 2): string {
  const found = candidates(knowledge, VAGUE_FAVOURITES).find((q) => {
    const m = knowledge.matcher.match(q);
    return m.status === 'clarify' && m.suggestions.length >= minSuggestions;
  });
  if (!found) throw new Error(`no keyword or title makes the matcher clarify with ${minSuggestions}+ suggestions`);
  return found;
}

export function answeredQuestion(knowledge: KnowledgeSnapshot, withRelated = false): string {
  const found = candidates(knowledge, CLEAR_FAVOURITES).find((q) => {
    const m = knowledge.matcher.match(q);
    return m.status === 'answered' && m.entry && (!withRelated || m.entry.related.length > 0);
  });
  if (!found) throw new Error('no question is answered by the matcher');
  return found;
}
