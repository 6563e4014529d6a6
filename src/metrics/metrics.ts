import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { QueryLogRecord, QueryLogSink } from '../analytics/types.js';

/**
 * What the durability parts report (the query-log writer now; the inbound dedup once it reports too).
 * Read on every scrape; fields a part does not report yet are simply not exported.
 */
export interface RuntimeFigures {
  queryLog: {
    pending: number;
    spooled: number;
    replayed: number;
    failures: number;
    spoolBytes?: number;
    spoolOldestAgeMs?: number;
  };
  inbound?: { fallbacks: number; duplicatesSlipped: number; takenOver?: number; busy?: number };
  databaseUp: boolean;
}

export interface NetraMetrics {
  registry: Registry;
  /** Counts every request by method, route pattern and status, and times it. Mount first. */
  http: MiddlewareHandler;
  /** Wraps the query-log sink so every decision the core logs is counted (no change to the core). */
  countDecisions(sink: QueryLogSink): QueryLogSink;
}

/** Prometheus metrics in a registry of their own (not prom-client's global one, so tests can run several). */
export function createMetrics(figures: () => RuntimeFigures): NetraMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'netra_' });

  const requests = new Counter({ name: 'netra_http_requests_total', help: 'HTTP requests by method, route and status', labelNames: ['method', 'route', 'status'], registers: [registry] });
  const duration = new Histogram({
    name: 'netra_http_request_duration_seconds',
    help: 'HTTP request latency by method and route',
    labelNames: ['method', 'route'],
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const decisions = new Counter({ name: 'netra_match_decisions_total', help: 'Handled messages by channel and outcome (answered, clarify, fallback, command)', labelNames: ['channel', 'status'], registers: [registry] });

  // Read at scrape time from the parts that own the figures.
  const gauge = (name: string, help: string, read: (f: RuntimeFigures) => number | undefined) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        const value = read(figures());
        if (value !== undefined) this.set(value);
      },
    });
  gauge('netra_query_log_queue_depth', 'Query-log rows waiting in memory', (f) => f.queryLog.pending);
  gauge('netra_query_log_spooled_rows', 'Query-log rows written to the disk spool since start', (f) => f.queryLog.spooled);
  gauge('netra_query_log_replayed_rows', 'Spooled query-log rows replayed into the database since start', (f) => f.queryLog.replayed);
  gauge('netra_query_log_write_failures', 'Failed query-log write attempts since start', (f) => f.queryLog.failures);
  gauge('netra_query_log_spool_bytes', 'Bytes in spool segments waiting for replay', (f) => f.queryLog.spoolBytes);
  gauge('netra_query_log_spool_oldest_age_seconds', 'Age of the oldest spool segment waiting for replay', (f) => (f.queryLog.spoolOldestAgeMs === undefined ? undefined : f.queryLog.spoolOldestAgeMs / 1000));
  gauge('netra_inbound_dedup_fallbacks', 'Duplicate checks decided from memory because the database did not answer in time', (f) => f.inbound?.fallbacks);
  gauge('netra_inbound_duplicates_slipped', 'Messages handled twice after a database outage', (f) => f.inbound?.duplicatesSlipped);
  // Counters (they only grow): the part counts since start, the scrape adds what is new.
  const counter = (name: string, help: string, read: (f: RuntimeFigures) => number | undefined) => {
    let seen = 0;
    return new Counter({
      name,
      help,
      registers: [registry],
      collect() {
        const value = read(figures());
        if (value === undefined || value <= seen) return;
        this.inc(value - seen);
        seen = value;
      },
    });
  };
  counter('netra_inbound_claims_taken_over_total', 'Redelivered messages answered because the process that claimed them died before answering', (f) => f.inbound?.takenOver);
  counter(
    'netra_inbound_claims_busy_total',
    'Redeliveries that found their message claimed moments ago and not answered yet (webhooks answer them 503 so the platform retries)',
    (f) => f.inbound?.busy,
  );
  gauge('netra_database_up', '1 when the database answers', (f) => (f.databaseUp ? 1 : 0));

  const http: MiddlewareHandler = async (c, next) => {
    const end = duration.startTimer();
    try {
      await next();
    } finally {
      // The route pattern, never the raw path: ids in paths would make unbounded label values.
      // routePath(c) after next() names the handler that responded (a later catch-all middleware may also match).
      const pattern = routePath(c);
      const route = pattern === '*' || pattern === '/*' ? 'unmatched' : pattern;
      requests.inc({ method: c.req.method, route, status: String(c.res.status) });
      end({ method: c.req.method, route });
    }
  };

  const countDecisions = (sink: QueryLogSink): QueryLogSink => ({
    logQuery(record: QueryLogRecord) {
      decisions.inc({ channel: record.channel, status: record.status });
      sink.logQuery(record);
    },
    logFeedback: (record) => sink.logFeedback(record),
  });

  return { registry, http, countDecisions };
}
