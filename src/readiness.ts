import type { Database } from './db/client.js';
import type { KnowledgeHolder } from './kb/snapshot.js';
import type { ReadinessCheck } from './server.js';

/** What "this instance can serve requests" means: the database answers and the knowledge is loaded. */
export function instanceReadinessChecks(database: Database, knowledge: KnowledgeHolder): ReadinessCheck[] {
  return [
    { name: 'database', check: async () => ({ ok: await database.ping() }) },
    { name: 'knowledge', check: async () => ({ ok: knowledge.isLoaded(), detail: knowledge.isLoaded() ? { entries: knowledge.current().entries.size, version: knowledge.current().version } : undefined }) },
  ];
}
