/**
 * `npm run bench:reports [-- --rows 1000000 --keep]`: loads synthetic query logs into a fresh Postgres
 * database (COPY), ANALYZEs, and times each report for a month, a quarter and the whole year, with and
 * without a channel filter. Target: every report under 2 s on 1,000,000 logged queries, with no
 * sequential scan of query_log.
 *
 * Postgres: BENCH_DATABASE_URL, else TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres
 * (a new database is created next to it and dropped afterwards unless --keep).
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import type { AddressInfo } from 'node:net';
import postgres from 'postgres';
import { adminRoutes } from '../src/admin/index.js';
import { TABLE_NAMES } from '../src/admin/reports/tables.js';
import { createLogger } from '../src/logger.js';
import { parseReportRequest } from '../src/analytics/report-request.js';
import { feedbackReport, summaryReport, topicsReport, unansweredReport, volumeReport, type ReportFilter } from '../src/analytics/reports.js';
import type { FeedbackRecord, QueryLogRecord } from '../src/analytics/types.js';
import { openDatabase } from '../src/db/client.js';
import { runMigrations } from '../src/db/migrate.js';
import type { Db } from '../src/db/client.js';
import { loadKnowledgeDir } from '../src/kb/load.js';
import { knowledgeSources } from '../src/kb/service.js';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { dashboardReport } from '../src/analytics/dashboard.js';
import { rebuildRollups } from '../src/analytics/query-insert.js';
import { generateQueryLog } from './querylog-generate.js';

const TARGET_MS = 2_000;
const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    keep: { type: 'boolean', default: false },
    runs: { type: 'string', default: '3' },
    /** A named database kept between runs: loaded once, then only timed (loading 1M rows takes minutes). */
    database: { type: 'string' },
    /** Time only the reports page and its CSV downloads over HTTP, not each report query. */
    'pages-only': { type: 'boolean', default: false },
  },
});
const ROWS = Number(values.rows);
const RUNS = Number(values.runs);
const YEAR = { from: '2026-01-01', to: '2026-12-31' };

async function main(): Promise<number> {
  const adminUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  if (values.database !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(values.database)) throw new Error('--database: lower-case letters, digits and _');
  const name = values.database ?? `netra_bench_${randomBytes(4).toString('hex')}`;
  const keep = values.keep || values.database !== undefined;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  const [exists] = await admin<{ n: number }[]>`select count(*)::int as n from pg_database where datname = ${name}`;
  if (!exists?.n) await admin.unsafe(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  // One connection: the seq-scan counters below are read on the session that ran the reports.
  const database = await openDatabase({ kind: 'postgres', url: url.toString(), maxConnections: 1 });
  try {
    await runMigrations(database, url.toString());
    const sql = database.postgres!;

    const year = period(YEAR.from, YEAR.to);
    const [loaded] = await sql<{ n: number }[]>`select count(*)::int as n from query_log`;
    if ((loaded?.n ?? 0) >= ROWS) console.log(`reusing ${loaded!.n.toLocaleString('en')} logged queries in ${name}\n`);
    else {
      // Its own connection without the server's statement deadline: COPY, index builds and VACUUM take minutes.
      const loader = postgres(url.toString(), { max: 1, onnotice: () => {}, connection: { statement_timeout: 0 } });
      try {
        await load(loader, year);
      } finally {
        await loader.end({ timeout: 5 });
      }
    }

    const scenarios: [string, ReportFilter][] = [
      ['month (Nov)', period('2026-11-01', '2026-11-30')],
      ['month, telegram', { ...period('2026-11-01', '2026-11-30'), channel: 'telegram' }],
      ['quarter (Q3)', period('2026-07-01', '2026-09-30')],
      ['whole year', year],
      ['whole year, web', { ...year, channel: 'web' }],
    ];
    const reports: [string, (db: Db, f: ReportFilter) => Promise<unknown>][] = [
      ['summary', summaryReport],
      ['topics', topicsReport],
      ['unanswered', (db, f) => unansweredReport(db, f)],
      ['feedback', (db, f) => feedbackReport(db, f)],
      ['volume', volumeReport],
    ];

    if (values['pages-only']) {
      const pagesOk = await timePages(url.toString());
      await compareDashboard(database.db, scenarios);
      return pagesOk ? 0 : 1;
    }
    let worst = 0;
    let seqScans = 0;
    console.log(`${'period'.padEnd(18)}${reports.map(([n]) => n.padStart(12)).join('')}   rows in period   seq scans`);
    for (const [label, filter] of scenarios) {
      const timings: number[] = [];
      const scansBefore = await seqScanCount(sql);
      for (const [, run] of reports) {
        await run(database.db, filter); // warm-up: the cache state of a server that is already running
        const runs: number[] = [];
        for (let i = 0; i < RUNS; i++) {
          const start = performance.now();
          await run(database.db, filter);
          runs.push(performance.now() - start);
        }
        const median = runs.sort((a, b) => a - b)[Math.floor(runs.length / 2)]!;
        timings.push(median);
        worst = Math.max(worst, ...runs);
      }
      const scans = (await seqScanCount(sql)) - scansBefore;
      seqScans += scans;
      const summary = await summaryReport(database.db, filter);
      console.log(
        `${label.padEnd(18)}${timings.map((ms) => `${ms.toFixed(0)} ms`.padStart(12)).join('')}   ${summary.questions.toLocaleString('en').padStart(14)}   ${String(scans).padStart(9)}`,
      );
    }
    const pagesOk = await timePages(url.toString());
    const ok = worst < TARGET_MS && seqScans === 0 && pagesOk;
    console.log(`\nslowest single run: ${worst.toFixed(0)} ms (target < ${TARGET_MS} ms); sequential scans of query_log: ${seqScans} — ${ok ? 'OK' : 'TOO SLOW'}`);
    return ok ? 0 : 1;
  } finally {
    await database.close();
    if (keep) console.log(`kept database ${name}`);
    else await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end({ timeout: 5 });
  }
}


/** Generates the synthetic year and bulk-loads it, as a live server's tables would look after it. */
async function load(sql: postgres.Sql, year: ReportFilter): Promise<void> {
  let t = performance.now();
  await sql`truncate query_log, query_log_hourly, feedback`;
  const knowledge = await realKnowledge();
  const log = generateQueryLog({ rows: ROWS, from: year.from, to: year.to, entries: knowledge.entries, normalize: knowledge.normalize });
  console.log(`generated ${log.queries.length.toLocaleString('en')} queries and ${log.ratings.length.toLocaleString('en')} ratings in ${seconds(t)}`);

  t = performance.now();
  // Bulk load: the migration's secondary indexes are dropped for the COPY and rebuilt as they were.
  const indexes = await sql<{ name: string; definition: string }[]>`
    select indexname as name, indexdef as definition from pg_indexes
    where tablename in ('query_log', 'feedback') and indexname not like '%_pkey'`;
  for (const index of indexes) await sql.unsafe(`drop index ${index.name}`);
  let copied: string;
  try {
    await copyQueries(sql, log.queries);
    await copyRatings(sql, log.ratings);
  } finally {
    copied = seconds(t);
    t = performance.now();
    // Rebuilt even when the COPY failed: a kept database must never be left without its indexes.
    for (const index of indexes) await sql.unsafe(index.definition);
  }
  console.log(`loaded with COPY in ${copied}, rebuilt ${indexes.length} indexes in ${seconds(t)}`);
  t = performance.now();
  // COPY bypasses the query-log writer, which keeps the rollups: count them from the rows, as the migration does.
  await rebuildRollups(drizzlePostgres(sql) as unknown as Db);
  const [rollups] = await sql<{ hourly: number; daily: number }[]>`
    select (select count(*)::int from query_log_hourly) as hourly, (select count(*)::int from query_log_entry_daily) as daily`;
  console.log(`rollups: ${rollups!.hourly.toLocaleString('en')} hourly and ${rollups!.daily.toLocaleString('en')} entry-daily rows in ${seconds(t)}`);
  t = performance.now();
  // What autovacuum does on a live server: statistics for the planner, visibility map for index-only scans.
  await sql.unsafe('vacuum analyze query_log');
  await sql.unsafe('vacuum analyze feedback');
  await sql.unsafe('vacuum analyze query_log_hourly');
  await sql.unsafe('vacuum analyze query_log_entry_daily');
  const [size] = await sql<{ table: string; indexes: string }[]>`
    select pg_size_pretty(pg_table_size('query_log')) as table, pg_size_pretty(pg_indexes_size('query_log')) as indexes`;
  console.log(`vacuum analyze in ${seconds(t)}; query_log ${size!.table}, its indexes ${size!.indexes}\n`);
}

/** Page targets: what an official waits for after choosing a period (a quarter is held to the year's). */
const PAGE_TARGETS_MS = { month: 1_000, year: 2_000 };

/**
 * Times `GET /admin/reports` (the whole HTML page) and each CSV download for a month and a year over
 * real HTTP, through the console's routes and an admin bearer token, on a pool as the server opens it.
 */
async function timePages(url: string): Promise<boolean> {
  const database = await openDatabase({ kind: 'postgres', url });
  const token = randomBytes(24).toString('hex');
  const app = new Hono();
  adminRoutes({ db: database.db, log: createLogger('silent'), adminToken: token })(app);
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const time = async (path: string): Promise<number> => {
    const runs: number[] = [];
    for (let i = 0; i <= RUNS; i++) {
      const start = performance.now();
      const response = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}`, accept: 'text/html' } });
      const body = await response.text();
      if (response.status !== 200) throw new Error(`${path}: HTTP ${response.status} ${body.slice(0, 200)}`);
      if (i > 0) runs.push(performance.now() - start); // the first run warms the cache, as on a running server
    }
    return runs.sort((a, b) => a - b)[Math.floor(runs.length / 2)]!;
  };
  let ok = true;
  try {
    console.log(`\nreports page over HTTP (median of ${RUNS} after a warm-up)`);
    console.log(`${'period'.padEnd(18)}${'page'.padStart(10)}${TABLE_NAMES.map((n) => n.padStart(16)).join('')}`);
    for (const [label, query, target] of [
      ['month (Nov)', 'from=2026-11-01&to=2026-11-30', PAGE_TARGETS_MS.month],
      ['month, telegram', 'from=2026-11-01&to=2026-11-30&channel=telegram', PAGE_TARGETS_MS.month],
      ['quarter (Q3)', 'from=2026-07-01&to=2026-09-30', PAGE_TARGETS_MS.year],
      ['whole year', 'from=2026-01-01&to=2026-12-31', PAGE_TARGETS_MS.year],
      ['whole year, web', 'from=2026-01-01&to=2026-12-31&channel=web', PAGE_TARGETS_MS.year],
    ] as const) {
      const page = await time(`/admin/reports?${query}`);
      const csvs: number[] = [];
      for (const name of TABLE_NAMES) csvs.push(await time(`/admin/reports/${name}.csv?${query}`));
      ok &&= page < target;
      console.log(`${label.padEnd(18)}${`${page.toFixed(0)} ms`.padStart(10)}${csvs.map((ms) => `${ms.toFixed(0)} ms`.padStart(16)).join('')}   target page < ${target} ms: ${page < target ? 'OK' : 'TOO SLOW'}`);
    }
  } finally {
    server.close();
    await database.close();
  }
  return ok;
}

/**
 * The page's figures in process, counted from the log's rows (as before the rollups) and from the rollups,
 * on the same database under the same load: what the rollups save.
 */
async function compareDashboard(db: Db, scenarios: [string, ReportFilter][]): Promise<void> {
  console.log(`\ndashboardReport in process (median of ${RUNS} after a warm-up)`);
  console.log(`${'period'.padEnd(18)}${'from the log'.padStart(14)}${'from rollups'.padStart(14)}`);
  for (const [label, filter] of scenarios) {
    const timings: number[] = [];
    for (const useRollups of [false, true]) {
      const runs: number[] = [];
      for (let i = 0; i <= RUNS; i++) {
        const start = performance.now();
        await dashboardReport(db, filter, { useRollups });
        if (i > 0) runs.push(performance.now() - start);
      }
      timings.push(runs.sort((a, b) => a - b)[Math.floor(runs.length / 2)]!);
    }
    console.log(`${label.padEnd(18)}${timings.map((ms) => `${ms.toFixed(0)} ms`.padStart(14)).join('')}`);
  }
}

function period(from: string, to: string): ReportFilter {
  const parsed = parseReportRequest({ from, to });
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value.filter;
}

function seconds(start: number): string {
  return `${((performance.now() - start) / 1000).toFixed(1)} s`;
}

/** Sequential scans of query_log so far, as this session sees them (flushed and re-read, not cached). */
async function seqScanCount(sql: postgres.Sql): Promise<number> {
  await sql`select pg_stat_force_next_flush()`;
  await sql`select pg_stat_clear_snapshot()`;
  const [row] = await sql<{ n: string }[]>`select coalesce(seq_scan, 0) as n from pg_stat_user_tables where relname = 'query_log'`;
  return Number(row?.n ?? 0);
}

async function realKnowledge() {
  const dir = new URL('../knowledge', import.meta.url).pathname;
  const loaded = await loadKnowledgeDir(dir);
  const snapshot = (await knowledgeSources(dir, loaded.texts)).snapshotFrom(loaded.entries);
  return { entries: loaded.entries.map((e) => ({ id: e.id, questions: e.questions })), normalize: (text: string) => snapshot.matcher.normalize(text) };
}

/** COPY text format: backslash, tab, newline and carriage return escaped; \N for null. */
function copyValue(value: string | number | null): string {
  if (value === null) return '\\N';
  return String(value).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

/** Streams rows into COPY in chunks, building each chunk's text only when it is sent. */
async function copyRows<T>(sql: postgres.Sql, statement: string, items: T[], columns: (item: T) => (string | number | null)[]): Promise<void> {
  const stream = await sql.unsafe(statement).writable();
  const chunk = 5_000;
  for (let i = 0; i < items.length; i += chunk) {
    let text = '';
    for (const item of items.slice(i, i + chunk)) text += `${columns(item).map(copyValue).join('\t')}\n`;
    // A COPY the server cancels (or a dropped connection) ends in 'error', never in 'drain': wait for either.
    if (!stream.write(text)) await new Promise<void>((resolve, reject) => {
      const drained = () => {
        stream.off('error', failed);
        resolve();
      };
      const failed = (error: Error) => {
        stream.off('drain', drained);
        reject(error);
      };
      stream.once('drain', drained).once('error', failed);
    });
  }
  await new Promise<void>((resolve, reject) => {
    stream.once('finish', resolve).once('error', reject);
    stream.end();
  });
}

function copyQueries(sql: postgres.Sql, queries: QueryLogRecord[]): Promise<void> {
  return copyRows(
    sql,
    'copy query_log (id, created_at, channel, chat_type, user_key, text, normalized, status, entry_id, score, candidates, latency_ms, knowledge_version) from stdin',
    queries,
    (q) => [
      q.id,
      q.createdAt.toISOString(),
      q.channel,
      q.chatType,
      q.userKey,
      q.text,
      q.normalized,
      q.status,
      q.entryId,
      q.score,
      JSON.stringify(q.candidates),
      q.latencyMs,
      q.knowledgeVersion,
    ],
  );
}

function copyRatings(sql: postgres.Sql, ratings: FeedbackRecord[]): Promise<void> {
  return copyRows(
    sql,
    'copy feedback (id, query_id, created_at, channel, user_key, entry_id, rating) from stdin',
    ratings,
    (f) => [f.id, f.queryId, f.createdAt.toISOString(), f.channel, f.userKey, f.entryId, f.rating],
  );
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
