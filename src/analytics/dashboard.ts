/**
 * Everything the reports page and the weekly digest show, for one period and its previous period of
 * the same length. The SQL lives here (reusing the report queries); the shaping is in dashboard-shape.ts.
 * Counts come from the rollups the query-log writer keeps (query-insert.ts) where they are exact, and
 * from the log's rows otherwise; distinct askers and the unanswered questions' texts always from the log.
 */
import { and, countDistinct, eq, gte, isNotNull, lt, ne, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { queryLog, queryLogEntryDaily, queryLogHourly } from '../db/schema.js';
import {
  dislikedAnswers,
  headline,
  heatGrid,
  suppressSmallGroups,
  topicsByCategory,
  volumeByDay,
  type CategoryTopics,
  type Counts,
  type DayVolume,
  type DislikedAnswer,
  type Headline,
  type HeatCell,
  type ShownGroup,
} from './dashboard-shape.js';
import { localDay, shiftDay } from './report-request.js';
import {
  countWhere,
  DEFAULT_TIME_ZONE,
  feedbackReport,
  inPeriod,
  isValidTimeZone,
  ratingCounts,
  topicsFromCounts,
  topicsReport,
  unansweredReport,
  volumeReport,
  type EntryCounts,
  type ReportFilter,
  type TopicRow,
  type TopicsReport,
  type VolumeRow,
} from './reports.js';

export interface DashboardOptions {
  /** Groups (and 👎 lists) from fewer distinct people than this show counts but no texts. */
  minAskers?: number;
  /** Ratings an entry needs before it can be listed as disliked. */
  minRatings?: number;
  /** Topics listed (grouped by category). */
  topTopics?: number;
  /** Unanswered groups listed. */
  maxGroups?: number;
  /** The parts to compute (a CSV download needs one); the others stay empty. All of them by default. */
  sections?: readonly DashboardSection[];
  /**
   * Count from the rollups (`query_log_hourly`, `query_log_entry_daily`) wherever they are exact for the
   * period (the default); false counts every figure from the log's rows, the reference the rollups equal.
   */
  useRollups?: boolean;
}

/** The page's parts, each computed on its own: the CSV downloads ask for one. */
export const DASHBOARD_SECTIONS = ['headline', 'volume', 'topics', 'unanswered', 'disliked', 'heatmap'] as const;
export type DashboardSection = (typeof DASHBOARD_SECTIONS)[number];

export const DASHBOARD_DEFAULTS: Required<DashboardOptions> = {
  minAskers: 3,
  minRatings: 5,
  topTopics: 20,
  maxGroups: 20,
  sections: DASHBOARD_SECTIONS,
  useRollups: true,
};

export interface Dashboard {
  from: string;
  to: string;
  previousFrom: string;
  /** Calendar days of the period in its time zone (first and last, inclusive). */
  firstDay: string;
  lastDay: string;
  timeZone: string;
  channel: string | null;
  minAskers: number;
  minRatings: number;
  /**
   * Where the questions per outcome, day and hour were counted: the hourly rollup when its UTC hours add
   * up exactly to the period's local days and hours, else the log's rows.
   */
  countedFrom: 'rollup' | 'log';
  headline: Headline;
  volume: DayVolume[];
  /** Channels that appear in the volume, in a fixed order. */
  channels: string[];
  topics: TopicRow[];
  categories: CategoryTopics[];
  unanswered: { total: number; erased: number; groups: ShownGroup[] };
  disliked: DislikedAnswer[];
  /** 7 × 24 questions: Monday first, hours 0–23 local time. */
  heatmap: number[][];
}

const CHANNEL_ORDER = ['telegram', 'whatsapp', 'web', 'cli'];
const NO_COUNTS: Counts = { questions: 0, askers: 0, answered: 0, clarify: 0, fallback: 0, up: 0, down: 0 };

export async function dashboardReport(db: Db, filter: ReportFilter, options: DashboardOptions = {}): Promise<Dashboard> {
  const opts = { ...DASHBOARD_DEFAULTS, ...options };
  const timeZone = filter.timeZone ?? DEFAULT_TIME_ZONE;
  if (!isValidTimeZone(timeZone)) throw new RangeError(`unknown time zone: ${timeZone}`);
  const zoned: ReportFilter = { ...filter, timeZone };
  const previous: ReportFilter = { ...zoned, from: new Date(2 * filter.from.getTime() - filter.to.getTime()), to: filter.from };
  const wanted = (section: DashboardSection) => opts.sections.includes(section);
  const hourly = opts.useRollups && hourBucketsExact(previous.from, filter.to, timeZone);

  // Side by side on a Postgres pool; PGlite runs them one after another on its single connection.
  const [counts, volume, topics, unanswered, feedback, heat] = await Promise.all([
    wanted('headline') ? (hourly ? headlineFromRollup(db, zoned, previous) : Promise.all([periodCounts(db, zoned), periodCounts(db, previous)])) : undefined,
    wanted('volume') ? (hourly ? volumeFromRollup(db, zoned) : volumeReport(db, zoned).then((v) => v.days)) : undefined,
    wanted('topics') ? (opts.useRollups ? topicsFromRollup(db, zoned, previous.from) : topicsReport(db, zoned)) : undefined,
    wanted('unanswered') ? unansweredReport(db, zoned, { maxGroups: opts.maxGroups }) : undefined,
    wanted('disliked') ? feedbackReport(db, zoned) : undefined,
    wanted('heatmap') ? (hourly ? heatFromRollup(db, zoned) : heatCells(db, zoned)) : undefined,
  ]);

  const firstDay = localDay(filter.from, timeZone);
  const lastDay = localDay(new Date(filter.to.getTime() - 1), timeZone);
  const days: string[] = [];
  if (volume) for (let day = firstDay; day <= lastDay; day = shiftDay(day, 1)) days.push(day);
  const seen = new Set((volume ?? []).map((d) => d.channel));
  const ranked = topics?.topics ?? [];

  return {
    from: filter.from.toISOString(),
    to: filter.to.toISOString(),
    previousFrom: previous.from.toISOString(),
    firstDay,
    lastDay,
    timeZone,
    channel: filter.channel ?? null,
    minAskers: opts.minAskers,
    minRatings: opts.minRatings,
    countedFrom: hourly ? 'rollup' : 'log',
    headline: headline(counts?.[0] ?? NO_COUNTS, counts?.[1] ?? NO_COUNTS),
    volume: volumeByDay(volume ?? [], days),
    channels: [...CHANNEL_ORDER.filter((c) => seen.has(c)), ...[...seen].filter((c) => !CHANNEL_ORDER.includes(c)).sort()],
    topics: ranked.slice(0, opts.topTopics),
    categories: topicsByCategory(ranked, opts.topTopics),
    unanswered: unanswered
      ? { total: unanswered.total, erased: unanswered.erased, groups: suppressSmallGroups(unanswered.groups, opts.minAskers) }
      : { total: 0, erased: 0, groups: [] },
    disliked: feedback ? dislikedAnswers(feedback.entries, opts.minRatings, opts.minAskers) : [],
    heatmap: heatGrid(heat ?? []),
  };
}

// ── From the log's rows (the reference) ────────────────────────────────────────────────────────

/** Headline counts of one period: questions (commands and greetings left out), askers, outcomes, ratings. */
export async function periodCounts(db: Db, filter: ReportFilter): Promise<Counts> {
  const [row] = await db
    .select({
      questions: sql<number>`count(*)`.mapWith(Number),
      // Byte order tells keys apart and sorts far faster than the locale's collation.
      askers: countDistinct(sql`${queryLog.userKey} collate "C"`),
      answered: countWhere(eq(queryLog.status, 'answered')),
      clarify: countWhere(eq(queryLog.status, 'clarify')),
      fallback: countWhere(eq(queryLog.status, 'fallback')),
    })
    .from(queryLog)
    .where(and(inPeriod(filter.from, filter.to, filter.channel), ne(queryLog.status, 'command')));
  const ratings = await ratingCounts(db, filter);
  return {
    questions: row?.questions ?? 0,
    askers: row?.askers ?? 0,
    answered: row?.answered ?? 0,
    clarify: row?.clarify ?? 0,
    fallback: row?.fallback ?? 0,
    up: ratings.up,
    down: ratings.down,
  };
}

/** Questions per local day of week and hour (commands and greetings left out). */
async function heatCells(db: Db, filter: ReportFilter): Promise<HeatCell[]> {
  const local = sql`timezone(${filter.timeZone ?? DEFAULT_TIME_ZONE}, ${queryLog.createdAt})`;
  return db
    .select({
      isoDay: sql<number>`extract(isodow from ${local})`.mapWith(Number),
      hour: sql<number>`extract(hour from ${local})`.mapWith(Number),
      count: sql<number>`count(*)`.mapWith(Number),
    })
    .from(queryLog)
    .where(and(inPeriod(filter.from, filter.to, filter.channel), ne(queryLog.status, 'command')))
    // By position: each copy of the expression carries its own parameter, which Postgres would not match.
    .groupBy(sql`1`, sql`2`);
}

// ── From the rollups ───────────────────────────────────────────────────────────────────────────

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * True when UTC-hour buckets add up exactly to the local days and hours of [from, to): both bounds on
 * whole hours and the zone's offset a whole number of hours throughout (Asia/Jakarta, Makassar and
 * Jayapura always; a zone with a half-hour offset, or a bound at 08.30, never). The offset is checked
 * once a day and at the end: offsets only change at whole hours, by whole hours, outside such zones.
 */
export function hourBucketsExact(from: Date, to: Date, timeZone: string): boolean {
  if (from.getTime() % HOUR_MS !== 0 || to.getTime() % HOUR_MS !== 0) return false;
  for (let at = from.getTime(); at < to.getTime(); at += DAY_MS) if (offsetMinutes(at, timeZone) % 60 !== 0) return false;
  return offsetMinutes(to.getTime(), timeZone) % 60 === 0;
}

const offsetFormats = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset from UTC at `at`, in minutes ("GMT+07:00" → 420). */
function offsetMinutes(at: number, timeZone: string): number {
  let format = offsetFormats.get(timeZone);
  if (!format) offsetFormats.set(timeZone, (format = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })));
  const name = format.formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /([+-])(\d{2}):(\d{2})/.exec(name);
  if (!match) return 0; // "GMT": UTC itself
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]));
}

const h = queryLogHourly;
const hourlyIn = (from: Date, to: Date, channel: ReportFilter['channel']) =>
  and(gte(h.hour, from), lt(h.hour, to), channel ? eq(h.channel, channel) : undefined);
const sumOf = (condition?: SQL) => sql<number>`coalesce(sum(${h.count})${condition ? sql` filter (where ${condition})` : sql``}, 0)`.mapWith(Number);

/**
 * The headline of the period and of the previous one: outcomes from one pass over the hourly rollup;
 * distinct askers (which no sum of counts can give) and ratings from the log and the feedback table.
 */
async function headlineFromRollup(db: Db, current: ReportFilter, previous: ReportFilter): Promise<[Counts, Counts]> {
  const [outcomes, askersNow, askersBefore, ratingsNow, ratingsBefore] = await Promise.all([
    db
      .select({
        current: sql<boolean>`${gte(h.hour, current.from)}`.mapWith((v) => v === true || v === 't'),
        status: h.status,
        count: sumOf(),
      })
      .from(h)
      .where(and(hourlyIn(previous.from, current.to, current.channel), ne(h.status, 'command')))
      .groupBy(sql`1`, h.status),
    distinctAskers(db, current),
    distinctAskers(db, previous),
    ratingCounts(db, current),
    ratingCounts(db, previous),
  ]);
  const counts = (isCurrent: boolean, askers: number, ratings: { up: number; down: number }): Counts => {
    const of = (status: string) => outcomes.filter((o) => o.current === isCurrent && o.status === status).reduce((s, o) => s + o.count, 0);
    const answered = of('answered');
    const clarify = of('clarify');
    const fallback = of('fallback');
    const questions = outcomes.filter((o) => o.current === isCurrent).reduce((s, o) => s + o.count, 0);
    return { questions, askers, answered, clarify, fallback, up: ratings.up, down: ratings.down };
  };
  return [counts(true, askersNow, ratingsNow), counts(false, askersBefore, ratingsBefore)];
}

/**
 * Distinct (pseudonymous) people who asked a question in the period: exact, an index-only range of
 * query_log_created_at_idx. Grouped and then counted, which Postgres hashes (and may split across
 * workers), where `count(distinct …)` would sort every key.
 */
async function distinctAskers(db: Db, filter: ReportFilter): Promise<number> {
  const keys = db
    .select({ key: sql`${queryLog.userKey} collate "C"`.as('asker_key') })
    .from(queryLog)
    .where(and(inPeriod(filter.from, filter.to, filter.channel), ne(queryLog.status, 'command')))
    .groupBy(sql`1`)
    .as('askers');
  const [row] = await db.select({ askers: sql<number>`count(*)`.mapWith(Number) }).from(keys);
  return row?.askers ?? 0;
}

/** Questions per local day and channel, by outcome, from the hourly rollup (exact: see hourBucketsExact). */
async function volumeFromRollup(db: Db, filter: ReportFilter): Promise<VolumeRow[]> {
  const timeZone = filter.timeZone ?? DEFAULT_TIME_ZONE;
  return db
    .select({
      day: sql<string>`to_char((timezone(${timeZone}, ${h.hour}))::date, 'YYYY-MM-DD')`,
      channel: h.channel,
      total: sumOf(),
      answered: sumOf(eq(h.status, 'answered')),
      clarify: sumOf(eq(h.status, 'clarify')),
      fallback: sumOf(eq(h.status, 'fallback')),
      command: sumOf(eq(h.status, 'command')),
    })
    .from(h)
    .where(hourlyIn(filter.from, filter.to, filter.channel))
    // By position: the day expression carries a parameter, and Postgres would not match two copies of it.
    .groupBy(sql`1`, sql`2`)
    .orderBy(sql`1`, sql`2`);
}

/** Questions per local day of week and hour, from the hourly rollup (exact: see hourBucketsExact). */
async function heatFromRollup(db: Db, filter: ReportFilter): Promise<HeatCell[]> {
  const local = sql`timezone(${filter.timeZone ?? DEFAULT_TIME_ZONE}, ${h.hour})`;
  return db
    .select({
      isoDay: sql<number>`extract(isodow from ${local})`.mapWith(Number),
      hour: sql<number>`extract(hour from ${local})`.mapWith(Number),
      count: sumOf(),
    })
    .from(h)
    .where(and(hourlyIn(filter.from, filter.to, filter.channel), ne(h.status, 'command')))
    .groupBy(sql`1`, sql`2`);
}

/**
 * Answered questions per entry in the period and the previous one: whole UTC days from
 * `query_log_entry_daily`, and the hours before the first and after the last whole day from the log
 * (an index-only range of a day at most at each end). Exact for any bounds and any zone.
 */
async function topicsFromRollup(db: Db, filter: ReportFilter, previousFrom: Date): Promise<TopicsReport> {
  const periods = [
    { from: previousFrom, to: filter.from },
    { from: filter.from, to: filter.to },
  ].map((p) => {
    const firstDay = Math.ceil(p.from.getTime() / DAY_MS) * DAY_MS;
    const endDay = Math.floor(p.to.getTime() / DAY_MS) * DAY_MS;
    return firstDay < endDay
      ? { whole: { from: new Date(firstDay), to: new Date(endDay) }, edges: [{ from: p.from, to: new Date(firstDay) }, { from: new Date(endDay), to: p.to }] }
      : { whole: undefined, edges: [p] };
  });
  const [before, now] = periods as [(typeof periods)[number], (typeof periods)[number]];
  // Adjacent edges (the end of the previous period and the start of this one) are read as one range.
  const ranges = mergeRanges([...before.edges, ...now.edges].filter((r) => r.from < r.to));
  const d = queryLogEntryDaily;
  const within = (w: { from: Date; to: Date } | undefined) => (w ? and(gte(d.day, w.from), lt(d.day, w.to)) : sql`false`);
  const days = before.whole ?? now.whole;
  const [daily, ...edges] = await Promise.all([
    days
      ? db
          .select({
            entryId: d.entryId,
            count: sql<number>`coalesce(sum(${d.count}) filter (where ${within(now.whole)}), 0)`.mapWith(Number),
            previous: sql<number>`coalesce(sum(${d.count}) filter (where ${within(before.whole)}), 0)`.mapWith(Number),
          })
          .from(d)
          .where(and(gte(d.day, days.from), lt(d.day, (now.whole ?? days).to), filter.channel ? eq(d.channel, filter.channel) : undefined))
          .groupBy(d.entryId)
      : [],
    ...ranges.map((range) =>
      db
        .select({
          entryId: sql<string>`${queryLog.entryId}`,
          count: countWhere(gte(queryLog.createdAt, filter.from)),
          previous: countWhere(lt(queryLog.createdAt, filter.from)),
        })
        .from(queryLog)
        .where(and(eq(queryLog.status, 'answered'), isNotNull(queryLog.entryId), inPeriod(range.from, range.to, filter.channel)))
        .groupBy(queryLog.entryId),
    ),
  ]);
  const perEntry = new Map<string, EntryCounts>();
  for (const row of [...daily, ...edges.flat()]) {
    const seen = perEntry.get(row.entryId) ?? { entryId: row.entryId, count: 0, previous: 0 };
    perEntry.set(row.entryId, { entryId: row.entryId, count: seen.count + row.count, previous: seen.previous + row.previous });
  }
  return topicsFromCounts(db, [...perEntry.values()], previousFrom);
}

function mergeRanges(ranges: { from: Date; to: Date }[]): { from: Date; to: Date }[] {
  const merged: { from: Date; to: Date }[] = [];
  for (const range of [...ranges].sort((a, b) => a.from.getTime() - b.from.getTime())) {
    const last = merged[merged.length - 1];
    if (last && last.to.getTime() >= range.from.getTime()) last.to = new Date(Math.max(last.to.getTime(), range.to.getTime()));
    else merged.push({ ...range });
  }
  return merged;
}
