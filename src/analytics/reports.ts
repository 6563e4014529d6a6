import { and, asc, desc, eq, gte, inArray, isNotNull, lt, ne, or, sql, type SQL } from 'drizzle-orm';
import type { ChannelName } from '../core/types.js';
import type { Db } from '../db/client.js';
import { rowsOf } from '../db/rows.js';
import { feedback, kbEntries, kbEntryVersions, queryLog } from '../db/schema.js';
import { clusterVariants } from './cluster.js';
import { LOW_CONFIDENCE_BELOW } from './query-insert.js';

/** The period (`from` inclusive, `to` exclusive) and the optional channel every report is for. */
export interface ReportFilter {
  from: Date;
  to: Date;
  channel?: ChannelName;
  /** IANA zone for day boundaries in the volume report (Netra's users are in Indonesia). */
  timeZone?: string;
}

export interface ReportOptions {
  /** Answers scored below this count as low-confidence in the unanswered report. */
  lowConfidenceBelow?: number;
  /** Token Jaccard similarity from which two normalised questions are variants of one question. */
  similarity?: number;
  /** Distinct normalised questions considered for grouping (the most frequent ones). */
  maxVariants?: number;
  /** Groups returned by the unanswered report. */
  maxGroups?: number;
  /** Example questions per group and 👎 questions per entry. */
  maxExamples?: number;
}

export const DEFAULT_TIME_ZONE = 'Asia/Jakarta';
const DEFAULTS: Required<ReportOptions> = { lowConfidenceBelow: LOW_CONFIDENCE_BELOW, similarity: 0.6, maxVariants: 5_000, maxGroups: 100, maxExamples: 3 };

// ── Result shapes ──────────────────────────────────────────────────────────────────────────────

export interface TopicRow {
  entryId: string;
  title: string | null;
  category: string | null;
  /** The entry's verdict (dilarang, boleh, bersyarat, informasi), as reviewers see it next to the title. */
  verdict: string | null;
  count: number;
  /** Share of all answered questions in the period, 0–1. */
  share: number;
  /** Count in the previous period of the same length. */
  previous: number;
  /** Relative change against the previous period (0.25 = +25 %); null when the previous count is 0. */
  change: number | null;
  trend: 'naik' | 'turun' | 'tetap' | 'baru';
}

export interface TopicsReport {
  previousFrom: string;
  answered: number;
  topics: TopicRow[];
}

export interface UnansweredGroup {
  /** The most frequent normalised phrasing of the group. */
  question: string;
  count: number;
  fallback: number;
  clarify: number;
  lowConfidence: number;
  variants: number;
  /** A few questions as users typed them. */
  examples: string[];
  firstSeen: string;
  lastSeen: string;
  /** Distinct (pseudonymous) people who asked a question of the group in the period. */
  askers: number;
}

export interface UnansweredReport {
  lowConfidenceBelow: number;
  /** Unanswered and low-confidence questions in the period, including those whose text was erased. */
  total: number;
  /** Questions whose text retention already erased: counted, not grouped. */
  erased: number;
  /** Questions covered by the variants that were grouped (the most frequent `maxVariants`). */
  grouped: number;
  groups: UnansweredGroup[];
}

export interface FeedbackRow {
  entryId: string | null;
  title: string | null;
  ratings: number;
  up: number;
  down: number;
  /** 👎 / all ratings, 0–1. */
  downRate: number;
  /** Distinct (pseudonymous) people who gave it 👎. */
  downUsers: number;
  /** Recent questions whose answer got 👎 (texts past retention are gone). */
  downQuestions: string[];
}

export interface FeedbackReport {
  ratings: number;
  up: number;
  down: number;
  entries: FeedbackRow[];
}

export interface VolumeRow {
  day: string;
  channel: string;
  total: number;
  answered: number;
  clarify: number;
  fallback: number;
  command: number;
}

export interface StatusMix {
  total: number;
  answered: number;
  clarify: number;
  fallback: number;
  command: number;
}

export interface VolumeReport {
  timeZone: string;
  days: VolumeRow[];
  mix: StatusMix;
}

export interface SummaryReport {
  from: string;
  to: string;
  /** The zone the period's calendar days are counted in. */
  timeZone: string;
  channel: string | null;
  /** Every message the core handled and logged in the period (questions, commands, greetings). */
  questions: number;
  distinctUsers: number;
  answered: number;
  clarify: number;
  fallback: number;
  command: number;
  /** answered / (questions − commands); null when nobody asked anything. */
  answerRate: number | null;
  medianLatencyMs: number | null;
  ratingsUp: number;
  ratingsDown: number;
}

export interface AllReports {
  summary: SummaryReport;
  topics: TopicsReport;
  unanswered: UnansweredReport;
  feedback: FeedbackReport;
  volume: VolumeReport;
}

export const REPORT_NAMES = ['summary', 'topics', 'unanswered', 'feedback', 'volume'] as const;
export type ReportName = (typeof REPORT_NAMES)[number];

// ── Shared pieces ──────────────────────────────────────────────────────────────────────────────

/** `count(*) filter (where …)`; numbers on both drivers (postgres.js returns bigint as a string). */
export function countWhere(condition: SQL | undefined): SQL<number> {
  return sql<number>`count(*) filter (where ${condition})`.mapWith(Number);
}

const countAll = () => sql<number>`count(*)`.mapWith(Number);

export function inPeriod(from: Date, to: Date, channel: ChannelName | undefined): SQL {
  return and(
    gte(queryLog.createdAt, from),
    lt(queryLog.createdAt, to),
    channel ? eq(queryLog.channel, channel) : undefined,
  )!;
}

function ratio(part: number, whole: number): number {
  return whole > 0 ? part / whole : 0;
}

/** Entry titles and categories from the live knowledge versions, for the ids a report mentions. */
async function entryTitles(
  db: Db,
  ids: string[],
): Promise<Map<string, { title: string | null; category: string | null; verdict: string | null }>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db
    .select({
      id: kbEntries.id,
      title: sql<string | null>`${kbEntryVersions.data}->>'title'`,
      category: sql<string | null>`${kbEntryVersions.data}->>'category'`,
      verdict: sql<string | null>`${kbEntryVersions.data}->>'verdict'`,
    })
    .from(kbEntries)
    .innerJoin(kbEntryVersions, and(eq(kbEntryVersions.entryId, kbEntries.id), eq(kbEntryVersions.version, kbEntries.currentVersion)))
    .where(inArray(kbEntries.id, unique));
  return new Map(rows.map((r) => [r.id, { title: r.title, category: r.category, verdict: r.verdict }]));
}

// ── 1. Most asked topics ───────────────────────────────────────────────────────────────────────

/** Answered questions per entry, with share and trend against the previous period of equal length. */
export async function topicsReport(db: Db, filter: ReportFilter): Promise<TopicsReport> {
  const previousFrom = new Date(filter.from.getTime() - (filter.to.getTime() - filter.from.getTime()));
  const current = gte(queryLog.createdAt, filter.from);
  const rows = await db
    .select({
      entryId: queryLog.entryId,
      count: countWhere(current),
      previous: countWhere(lt(queryLog.createdAt, filter.from)),
    })
    .from(queryLog)
    .where(and(eq(queryLog.status, 'answered'), isNotNull(queryLog.entryId), inPeriod(previousFrom, filter.to, filter.channel)))
    .groupBy(queryLog.entryId);
  return topicsFromCounts(db, rows.map((r) => ({ ...r, entryId: r.entryId! })), previousFrom);
}

/** Answered questions of one entry in the period and in the previous period of the same length. */
export interface EntryCounts {
  entryId: string;
  count: number;
  previous: number;
}

/** The topics report from per-entry counts (however counted): shares, trends, titles, ranking. */
export async function topicsFromCounts(db: Db, rows: readonly EntryCounts[], previousFrom: Date): Promise<TopicsReport> {
  const answered = rows.reduce((sum, r) => sum + r.count, 0);
  const titles = await entryTitles(db, rows.filter((r) => r.count > 0).map((r) => r.entryId));
  const topics = rows
    .filter((r) => r.count > 0)
    .map((r): TopicRow => {
      const change = r.previous > 0 ? (r.count - r.previous) / r.previous : null;
      const info = titles.get(r.entryId);
      return {
        entryId: r.entryId,
        title: info?.title ?? null,
        category: info?.category ?? null,
        verdict: info?.verdict ?? null,
        count: r.count,
        share: ratio(r.count, answered),
        previous: r.previous,
        change,
        trend: change === null ? 'baru' : change > 0 ? 'naik' : change < 0 ? 'turun' : 'tetap',
      };
    })
    .sort((a, b) => b.count - a.count || a.entryId.localeCompare(b.entryId));
  return { previousFrom: previousFrom.toISOString(), answered, topics };
}

// ── 2. Unanswered and low-confidence questions ─────────────────────────────────────────────────

interface VariantCounts {
  normalized: string;
  count: number;
  fallback: number;
  clarify: number;
  lowConfidence: number;
  firstSeen: string;
  lastSeen: string;
}

/** Recent unanswered questions read for their raw wording: bounded, whatever the period's size. */
const EXAMPLE_SAMPLE = 5_000;

/**
 * Fallbacks, clarifications and answers scored below the threshold, grouped so that variants of one
 * question form one group: the database merges identical normalised texts and counts them (an
 * index-only scan); the most frequent `maxVariants` are then clustered by token similarity. Examples
 * are the raw questions among the period's most recent unanswered ones, so the table itself is read
 * for a bounded number of rows only.
 */
export async function unansweredReport(db: Db, filter: ReportFilter, options: ReportOptions = {}): Promise<UnansweredReport> {
  const opts = { ...DEFAULTS, ...options };
  const period = inPeriod(filter.from, filter.to, filter.channel);
  // Two plain conditions instead of one OR: each is an index-only range of the status index.
  // Literal predicates, not parameters: Postgres uses a partial index only when it can prove the query's
  // condition implies the index's, which a prepared statement's generic plan cannot do with `$1`.
  const lowConfidenceBelow = Number(opts.lowConfidenceBelow);
  if (!Number.isFinite(lowConfidenceBelow)) throw new RangeError('lowConfidenceBelow must be a number');
  const branches = [
    and(period, sql`${queryLog.status} in ('fallback', 'clarify')`)!,
    and(period, sql`${queryLog.status} = 'answered'`, sql`${queryLog.score} < ${sql.raw(String(lowConfidenceBelow))}`)!,
  ];
  const where = or(...branches);
  const hasText = and(isNotNull(queryLog.normalized), ne(queryLog.normalized, ''));

  // One pass per branch, both side by side on a Postgres pool: the groups of normalised texts, and in the
  // same pass (a window over the groups) every row of the branch, those without text (erased) included.
  const withText = sql`(${queryLog.normalized} is not null and ${queryLog.normalized} <> '')`;
  const perBranch = await Promise.all(
    branches.map((branch) =>
      db
        .select({
          normalized: sql<string | null>`${queryLog.normalized}`,
          count: countAll(),
          fallback: countWhere(eq(queryLog.status, 'fallback')),
          clarify: countWhere(eq(queryLog.status, 'clarify')),
          lowConfidence: countWhere(eq(queryLog.status, 'answered')),
          firstSeen: sql<string>`min(${queryLog.createdAt})`.mapWith(toIso),
          lastSeen: sql<string>`max(${queryLog.createdAt})`.mapWith(toIso),
          total: sql<number>`sum(count(*)) over ()`.mapWith(Number),
          erased: sql<number>`coalesce(sum(count(*)) filter (where ${queryLog.normalized} is null) over (), 0)`.mapWith(Number),
        })
        .from(queryLog)
        .where(branch)
        .groupBy(queryLog.normalized)
        // The groups with text first, so that the limit never drops one of them for an erased group.
        .orderBy(sql`${withText} desc`, desc(countAll()), asc(queryLog.normalized))
        .limit(opts.maxVariants),
    ),
  );
  const totals = { total: 0, erased: 0 };
  const merged = new Map<string, VariantCounts>();
  for (const rows of perBranch) {
    totals.total += rows[0]?.total ?? 0;
    totals.erased += rows[0]?.erased ?? 0;
    for (const { total: _total, erased: _erased, normalized, ...row } of rows) {
      if (normalized === null || normalized === '') continue;
      const seen = merged.get(normalized);
      if (!seen) merged.set(normalized, { normalized, ...row });
      else
        merged.set(normalized, {
          normalized,
          count: seen.count + row.count,
          fallback: seen.fallback + row.fallback,
          clarify: seen.clarify + row.clarify,
          lowConfidence: seen.lowConfidence + row.lowConfidence,
          firstSeen: row.firstSeen < seen.firstSeen ? row.firstSeen : seen.firstSeen,
          lastSeen: row.lastSeen > seen.lastSeen ? row.lastSeen : seen.lastSeen,
        });
    }
  }
  const variants = [...merged.values()]
    .sort((a, b) => b.count - a.count || a.normalized.localeCompare(b.normalized))
    .slice(0, opts.maxVariants);

  const recent = await db
    .select({ normalized: sql<string>`${queryLog.normalized}`, text: sql<string>`${queryLog.text}` })
    .from(queryLog)
    .where(and(where, hasText, isNotNull(queryLog.text)))
    .orderBy(desc(queryLog.createdAt))
    .limit(EXAMPLE_SAMPLE);
  const wordings = new Map<string, string[]>();
  for (const row of recent) {
    const list = wordings.get(row.normalized) ?? [];
    if (!list.includes(row.text)) list.push(row.text);
    wordings.set(row.normalized, list);
  }

  const clusters = clusterVariants(variants, opts.similarity).slice(0, opts.maxGroups);
  const askers = await askersPerGroup(db, branches, clusters.map((c) => c.members.map((m) => m.normalized)));
  const groups = clusters.map((cluster, index): UnansweredGroup => {
      const sum = (pick: (v: (typeof variants)[number]) => number) => cluster.members.reduce((s, m) => s + pick(m), 0);
      return {
        question: cluster.leader.normalized,
        count: cluster.count,
        fallback: sum((v) => v.fallback),
        clarify: sum((v) => v.clarify),
        lowConfidence: sum((v) => v.lowConfidence),
        variants: cluster.members.length,
        examples: examplesFor(cluster.members.map((m) => wordings.get(m.normalized) ?? []), opts.maxExamples),
        firstSeen: cluster.members.reduce((first, m) => (m.firstSeen < first ? m.firstSeen : first), cluster.leader.firstSeen),
        lastSeen: cluster.members.reduce((latest, m) => (m.lastSeen > latest ? m.lastSeen : latest), cluster.leader.lastSeen),
        askers: askers[index] ?? 0,
      };
    });

  return {
    lowConfidenceBelow: opts.lowConfidenceBelow,
    total: totals.total,
    erased: totals.erased,
    grouped: variants.reduce((s, v) => s + v.count, 0),
    groups,
  };
}

const toIso = (v: unknown) => new Date(v as string).toISOString();

/**
 * Distinct askers per group: one query that maps each normalised variant to its group (a VALUES list
 * joined on the text), so a person who asked two variants of one question counts once.
 */
async function askersPerGroup(db: Db, branches: SQL[], groups: string[][]): Promise<number[]> {
  const pairs = groups.flatMap((members, group) => members.map((normalized) => sql`(${normalized}::text, ${group}::int)`));
  if (pairs.length === 0) return [];
  const variants = sql`(values ${sql.join(pairs, sql`, `)}) as variant_group(normalized, grp)`;
  // One select per branch, so that each reads its own partial index alone (an OR would read the table).
  const askersOf = (branch: SQL) =>
    sql`select variant_group.grp, ${queryLog.userKey} as user_key from ${queryLog} inner join ${variants} on variant_group.normalized = ${queryLog.normalized} where ${branch}`;
  const result = await db.execute(sql`
    select grp, count(distinct user_key collate "C") as askers
    from (${sql.join(branches.map(askersOf), sql` union all `)}) as asked
    group by grp`);
  const counts = groups.map(() => 0);
  for (const row of rowsOf<{ grp: number | string; askers: number | string }>(result)) counts[Number(row.grp)] = Number(row.askers);
  return counts;
}

/** Up to `max` wordings, one per variant first (most frequent variant first), newest wording first. */
function examplesFor(perVariant: string[][], max: number): string[] {
  const examples: string[] = [];
  for (let round = 0; examples.length < max; round++) {
    let any = false;
    for (const list of perVariant) {
      const text = list[round];
      if (text === undefined) continue;
      any = true;
      if (!examples.includes(text)) examples.push(text);
      if (examples.length >= max) break;
    }
    if (!any) break;
  }
  return examples;
}

// ── 3. Feedback ────────────────────────────────────────────────────────────────────────────────

/**
 * The ratings given in the period, one per user and rated reply (their last), with the entry the reply
 * showed (or else the one the query log recorded).
 */
function latestRatings(db: Db, filter: ReportFilter) {
  // The query log is only consulted, by primary key, for ratings that do not name their entry.
  const loggedEntry = sql`(select ${queryLog.entryId} from ${queryLog} where ${queryLog.id} = ${feedback.queryId})`;
  return db.$with('rated').as(
    db
      .selectDistinctOn([feedback.queryId, feedback.userKey], {
        queryId: sql<string>`${feedback.queryId}`.as('rated_query_id'),
        rating: sql<number>`${feedback.rating}`.as('rating'),
        ratedAt: sql<Date>`${feedback.createdAt}`.as('rated_at'),
        userKey: sql<string>`${feedback.userKey}`.as('rated_user_key'),
        entryId: sql<string | null>`coalesce(${feedback.entryId}, ${loggedEntry})`.as('rated_entry_id'),
      })
      .from(feedback)
      .where(
        and(
          gte(feedback.createdAt, filter.from),
          lt(feedback.createdAt, filter.to),
          filter.channel ? eq(feedback.channel, filter.channel) : undefined,
        ),
      )
      .orderBy(feedback.queryId, feedback.userKey, desc(feedback.createdAt)),
  );
}

/**
 * 👍/👎 per entry. A user who rated one reply twice counts once, with their last rating. The entry is
 * the one the rated reply showed, or else the one the query log recorded.
 */
export async function feedbackReport(db: Db, filter: ReportFilter, options: ReportOptions = {}): Promise<FeedbackReport> {
  const opts = { ...DEFAULTS, ...options };
  const rated = latestRatings(db, filter);

  const perEntry = await db
    .with(rated)
    .select({
      entryId: rated.entryId,
      ratings: countAll(),
      up: countWhere(sql`${rated.rating} = 1`),
      down: countWhere(sql`${rated.rating} = -1`),
      downUsers: sql<number>`count(distinct ${rated.userKey} collate "C") filter (where ${rated.rating} = -1)`.mapWith(Number),
    })
    .from(rated)
    .groupBy(rated.entryId);

  // The latest 👎 per entry first; only those few questions are then read from the log.
  const ranked = db.$with('ranked').as(
    db
      .with(rated)
      .select({
        entryId: sql<string | null>`${rated.entryId}`.as('ranked_entry_id'),
        queryId: sql<string>`${rated.queryId}`.as('ranked_query_id'),
        position: sql<number>`row_number() over (partition by ${rated.entryId} order by ${rated.ratedAt} desc)`.as('position'),
      })
      .from(rated)
      .where(sql`${rated.rating} = -1`),
  );
  const downQuestions = await db
    .with(ranked)
    .select({
      entryId: ranked.entryId,
      text: sql<string | null>`(select ${queryLog.text} from ${queryLog} where ${queryLog.id} = ${ranked.queryId})`,
    })
    .from(ranked)
    .where(sql`${ranked.position} <= ${opts.maxExamples}`)
    .orderBy(ranked.entryId, ranked.position);

  const titles = await entryTitles(db, perEntry.flatMap((r) => (r.entryId ? [r.entryId] : [])));
  const entries = perEntry
    .map(
      (r): FeedbackRow => ({
        entryId: r.entryId,
        title: r.entryId ? (titles.get(r.entryId)?.title ?? null) : null,
        ratings: r.ratings,
        up: r.up,
        down: r.down,
        downRate: ratio(r.down, r.ratings),
        downUsers: r.downUsers,
        downQuestions: downQuestions.flatMap((q) => (q.entryId === r.entryId && q.text !== null ? [q.text] : [])),
      }),
    )
    .sort((a, b) => b.downRate - a.downRate || b.down - a.down || (a.entryId ?? '').localeCompare(b.entryId ?? ''));
  return {
    ratings: entries.reduce((s, e) => s + e.ratings, 0),
    up: entries.reduce((s, e) => s + e.up, 0),
    down: entries.reduce((s, e) => s + e.down, 0),
    entries,
  };
}

// ── 4. Volume per day and channel ──────────────────────────────────────────────────────────────

const TIME_ZONE = /^[A-Za-z]+(?:[/_+-][A-Za-z0-9]+)*$/;

export function isValidTimeZone(zone: string): boolean {
  if (!TIME_ZONE.test(zone)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Messages per local day and channel, and the answered / clarify / fallback / command mix. */
export async function volumeReport(db: Db, filter: ReportFilter): Promise<VolumeReport> {
  const timeZone = filter.timeZone ?? DEFAULT_TIME_ZONE;
  if (!isValidTimeZone(timeZone)) throw new RangeError(`unknown time zone: ${timeZone}`);
  // Group on the local date (cheap per row), format only the few resulting groups.
  const perDay = db
    .select({
      localDate: sql<string>`(timezone(${timeZone}, ${queryLog.createdAt}))::date`.as('local_date'),
      channel: sql<string>`${queryLog.channel}`.as('day_channel'),
      total: sql<number>`count(*)`.as('total'),
      answered: sql<number>`count(*) filter (where ${queryLog.status} = 'answered')`.as('answered'),
      clarify: sql<number>`count(*) filter (where ${queryLog.status} = 'clarify')`.as('clarify'),
      fallback: sql<number>`count(*) filter (where ${queryLog.status} = 'fallback')`.as('fallback'),
      command: sql<number>`count(*) filter (where ${queryLog.status} = 'command')`.as('command'),
    })
    .from(queryLog)
    .where(inPeriod(filter.from, filter.to, filter.channel))
    // By position: the day expression carries a parameter, and Postgres would not match two copies of it.
    .groupBy(sql`1`, sql`2`)
    .as('per_day');
  const days = await db
    .select({
      day: sql<string>`to_char(${perDay.localDate}, 'YYYY-MM-DD')`,
      channel: perDay.channel,
      total: sql<number>`${perDay.total}`.mapWith(Number),
      answered: sql<number>`${perDay.answered}`.mapWith(Number),
      clarify: sql<number>`${perDay.clarify}`.mapWith(Number),
      fallback: sql<number>`${perDay.fallback}`.mapWith(Number),
      command: sql<number>`${perDay.command}`.mapWith(Number),
    })
    .from(perDay)
    .orderBy(perDay.localDate, perDay.channel);

  const mix: StatusMix = { total: 0, answered: 0, clarify: 0, fallback: 0, command: 0 };
  for (const row of days) {
    mix.total += row.total;
    mix.answered += row.answered;
    mix.clarify += row.clarify;
    mix.fallback += row.fallback;
    mix.command += row.command;
  }
  return { timeZone, days, mix };
}

// ── 5. Summary ─────────────────────────────────────────────────────────────────────────────────

export async function summaryReport(db: Db, filter: ReportFilter): Promise<SummaryReport> {
  const [row] = await db
    .select({
      questions: countAll(),
      // Byte order is enough to tell keys apart, and sorts far faster than the locale's collation.
      distinctUsers: sql<number>`count(distinct ${queryLog.userKey} collate "C")`.mapWith(Number),
      answered: countWhere(eq(queryLog.status, 'answered')),
      clarify: countWhere(eq(queryLog.status, 'clarify')),
      fallback: countWhere(eq(queryLog.status, 'fallback')),
      command: countWhere(eq(queryLog.status, 'command')),
      medianLatencyMs: sql<number | null>`percentile_cont(0.5) within group (order by ${queryLog.latencyMs})`.mapWith(Number),
    })
    .from(queryLog)
    .where(inPeriod(filter.from, filter.to, filter.channel));

  const ratings = await ratingCounts(db, filter);

  const questions = row?.questions ?? 0;
  const command = row?.command ?? 0;
  const answered = row?.answered ?? 0;
  return {
    from: filter.from.toISOString(),
    to: filter.to.toISOString(),
    timeZone: filter.timeZone ?? DEFAULT_TIME_ZONE,
    channel: filter.channel ?? null,
    questions,
    distinctUsers: row?.distinctUsers ?? 0,
    answered,
    clarify: row?.clarify ?? 0,
    fallback: row?.fallback ?? 0,
    command,
    answerRate: questions - command > 0 ? answered / (questions - command) : null,
    medianLatencyMs: row?.medianLatencyMs ?? null,
    ratingsUp: ratings.up,
    ratingsDown: ratings.down,
  };
}

/** 👍 and 👎 in the period, each user's last rating of a reply counting once. */
export async function ratingCounts(db: Db, filter: ReportFilter): Promise<{ up: number; down: number }> {
  const rated = latestRatings(db, filter);
  const [ratings] = await db
    .with(rated)
    .select({ up: countWhere(sql`${rated.rating} = 1`), down: countWhere(sql`${rated.rating} = -1`) })
    .from(rated);
  return { up: ratings?.up ?? 0, down: ratings?.down ?? 0 };
}

// ── All of them ────────────────────────────────────────────────────────────────────────────────

/** Runs the chosen reports (all by default) one after another: PGlite has one connection anyway. */
export async function runReports(
  db: Db,
  filter: ReportFilter,
  options: ReportOptions = {},
  only: readonly ReportName[] = REPORT_NAMES,
): Promise<Partial<AllReports>> {
  const result: Partial<AllReports> = {};
  if (only.includes('summary')) result.summary = await summaryReport(db, filter);
  if (only.includes('topics')) result.topics = await topicsReport(db, filter);
  if (only.includes('unanswered')) result.unanswered = await unansweredReport(db, filter, options);
  if (only.includes('feedback')) result.feedback = await feedbackReport(db, filter, options);
  if (only.includes('volume')) result.volume = await volumeReport(db, filter);
  return result;
}
