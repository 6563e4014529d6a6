import type { Db } from '../db/client.js';
import type { Logger } from '../logger.js';
import { loadLiveKnowledge, type LiveKnowledge } from './live.js';
import type { KnowledgeHolder, KnowledgeSnapshot } from './snapshot.js';

/**
 * The simple publish hook: rebuilds the snapshot from the database in this process and swaps it in.
 * Rebuilds run one after another, so a later publish never ends up replaced by an earlier one.
 */
export function publishInProcess(db: Db, holder: KnowledgeHolder, snapshotFrom: (live: LiveKnowledge) => KnowledgeSnapshot, log: Logger): () => Promise<void> {
  let queue: Promise<void> = Promise.resolve();
  return () => {
    const run = queue.then(async () => {
      const snapshot = snapshotFrom(await loadLiveKnowledge(db));
      holder.replace(snapshot);
      log.info({ entries: snapshot.entries.size, version: snapshot.version }, 'knowledge republished');
    });
    queue = run.catch(() => {});
    return run;
  };
}
