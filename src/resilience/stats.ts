import type { QueryLogWriterStats } from '../analytics/writer.js';
import type { InboundClaimsStats } from '../channels/inbound-claims.js';

/**
 * What the durability parts report, read by `/metrics` (plain numbers; no metrics library here).
 * `queryLog`: queue depth (`pending`), spool size and age, rows spooled/replayed;
 * `inbound`: dedup fallbacks, duplicates that slipped through an outage, stale claims taken over,
 * redeliveries refused as busy;
 * `databaseUp`: both the writer and the dedup reach the database.
 */
export interface ResilienceStats {
  queryLog: QueryLogWriterStats;
  inbound: InboundClaimsStats;
  databaseUp: boolean;
}

export function resilienceStats(parts: { queryLog: () => QueryLogWriterStats; inbound: () => InboundClaimsStats }): () => ResilienceStats {
  return () => {
    const queryLog = parts.queryLog();
    const inbound = parts.inbound();
    return { queryLog, inbound, databaseUp: queryLog.databaseReachable && inbound.databaseUp };
  };
}
