/**
 * Everything the reports page and the weekly digest show, for one period and its previous period of
 * the same length. The SQL lives here (reusing the report queries); the shaping is in dashboard-shape.ts.
 */
import { and, countDistinct, eq, ne, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { queryLog } from '../db/schema.js';
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
  topicsReport,
  unansweredReport,
  volumeReport,
  type ReportFilter,
  type TopicRow,
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
}

export const DASHBOARD_DEFAULTS: Required<DashboardOptions> = { minAskers: 3, minRatings: 5, topTopics: 20, maxGroups: 20 };

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

export async function dashboardReport(db: Db, filter: ReportFilter, options: DashboardOptions = {}): Promise<Dashboard> {
  const opts = { ...DASHBOARD_DEFAULTS, ...options };
  const timeZone = filter.timeZone ?? DEFAULT_TIME_ZONE;
  if (!isValidTimeZone(timeZone)) throw new RangeError(`unknown time zone: ${timeZone}`);
  const zoned: ReportFilter = { ...filter, timeZone };
  const previous: ReportFilter = { ...zoned, from: new Date(2 * filter.from.getTime() - filter.to.getTime()), to: filter.from };

  // Side by side on a Postgres pool; PGlite runs them one after another on its single connection.
  const [current, before, volume, topics, unanswered, feedback, heat] = await Promise.all([
    periodCounts(db, zoned),
    periodCounts(db, previous),
    volumeReport(db, zoned),
    topicsReport(db, zoned),
    unansweredReport(db, zoned, { maxGroups: opts.maxGroups }),
    feedbackReport(db, zoned),
    heatCells(db, zoned),
  ]);

  const firstDay = localDay(filter.from, timeZone);
  const lastDay = localDay(new Date(filter.to.getTime() - 1), timeZone);
  const days: string[] = [];
  for (let day = firstDay; day <= lastDay; day = shiftDay(day, 1)) days.push(day);
  const seen = new Set(volume.days.map((d) => d.channel));

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
    headline: headline(current, before),
    volume: volumeByDay(volume.days, days),
    channels: [...CHANNEL_ORDER.filter((c) => seen.has(c)), ...[...seen].filter((c) => !CHANNEL_ORDER.includes(c)).sort()],
    topics: topics.topics.slice(0, opts.topTopics),
    categories: topicsByCategory(topics.topics, opts.topTopics),
    unanswered: { total: unanswered.total, erased: unanswered.erased, groups: suppressSmallGroups(unanswered.groups, opts.minAskers) },
    disliked: dislikedAnswers(feedback.entries, opts.minRatings, opts.minAskers),
    heatmap: heatGrid(heat),
  };
}

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
