/**
 * Pure shaping of the reports page's figures: changes against the previous period, topics grouped by
 * category, small-group suppression, the disliked-answers ranking and the heat-map grid. No I/O.
 */
import type { FeedbackRow, TopicRow, UnansweredGroup, VolumeRow } from './reports.js';

export interface Counts {
  /** Questions: every logged message except commands and greetings. */
  questions: number;
  /** Distinct pseudonymous people who asked a question. */
  askers: number;
  answered: number;
  clarify: number;
  fallback: number;
  up: number;
  down: number;
}

export interface Figure {
  value: number;
  previous: number;
  /** Relative change (0.25 = +25 %); null when the previous value is 0. */
  change: number | null;
}

export interface ShareFigure {
  /** Part of all questions, 0–1; null without questions. */
  share: number | null;
  previous: number | null;
  /** Difference in percentage points (0.05 = +5 points); null when either share is unknown. */
  change: number | null;
  count: number;
}

export interface Headline {
  questions: Figure;
  askers: Figure;
  answered: ShareFigure;
  clarify: ShareFigure;
  fallback: ShareFigure;
  up: Figure;
  down: Figure;
}

export function figure(value: number, previous: number): Figure {
  return { value, previous, change: previous > 0 ? (value - previous) / previous : null };
}

function shareFigure(count: number, whole: number, previousCount: number, previousWhole: number): ShareFigure {
  const share = whole > 0 ? count / whole : null;
  const previous = previousWhole > 0 ? previousCount / previousWhole : null;
  return { share, previous, change: share !== null && previous !== null ? share - previous : null, count };
}

export function headline(current: Counts, previous: Counts): Headline {
  return {
    questions: figure(current.questions, previous.questions),
    askers: figure(current.askers, previous.askers),
    answered: shareFigure(current.answered, current.questions, previous.answered, previous.questions),
    clarify: shareFigure(current.clarify, current.questions, previous.clarify, previous.questions),
    fallback: shareFigure(current.fallback, current.questions, previous.fallback, previous.questions),
    up: figure(current.up, previous.up),
    down: figure(current.down, previous.down),
  };
}

// ── Volume ─────────────────────────────────────────────────────────────────────────────────────

export interface DayVolume {
  day: string;
  /** Questions per channel that day (commands and greetings left out). */
  channels: Record<string, number>;
  total: number;
}

/** Every calendar day of the period (days without questions included), with questions per channel. */
export function volumeByDay(rows: readonly VolumeRow[], days: readonly string[]): DayVolume[] {
  const byDay = new Map<string, DayVolume>(days.map((day) => [day, { day, channels: {}, total: 0 }]));
  for (const row of rows) {
    const entry = byDay.get(row.day);
    if (!entry) continue;
    const questions = row.total - row.command;
    entry.channels[row.channel] = (entry.channels[row.channel] ?? 0) + questions;
    entry.total += questions;
  }
  return [...byDay.values()];
}

// ── Topics by category ─────────────────────────────────────────────────────────────────────────

export interface CategoryTopics {
  category: string;
  count: number;
  previous: number;
  topics: TopicRow[];
}

/** The top `limit` topics, grouped by category (largest category first); categories total all topics. */
export function topicsByCategory(topics: readonly TopicRow[], limit: number): CategoryTopics[] {
  const categories = new Map<string, CategoryTopics>();
  const top = new Set(topics.slice(0, limit));
  for (const topic of topics) {
    const name = topic.category ?? 'lainnya';
    const category = categories.get(name) ?? { category: name, count: 0, previous: 0, topics: [] };
    category.count += topic.count;
    category.previous += topic.previous;
    if (top.has(topic)) category.topics.push(topic);
    categories.set(name, category);
  }
  return [...categories.values()].sort((a, b) => b.count - a.count || a.category.localeCompare(b.category));
}

// ── Privacy: small groups ──────────────────────────────────────────────────────────────────────

export interface ShownGroup extends UnansweredGroup {
  /** True when too few people asked: counts are shown, the example texts are not. */
  suppressed: boolean;
}

/**
 * Groups asked by fewer than `minAskers` distinct people lose every text (their examples and their
 * normalised wording): only the counts and dates remain.
 */
export function suppressSmallGroups(groups: readonly UnansweredGroup[], minAskers: number): ShownGroup[] {
  return groups.map((g) => (g.askers < minAskers ? { ...g, question: '', examples: [], suppressed: true } : { ...g, suppressed: false }));
}

export interface DislikedAnswer extends FeedbackRow {
  suppressed: boolean;
}

/**
 * Entries with at least `minRatings` ratings and at least one 👎, by 👎 share (then 👎 count). The 👎
 * questions are left out when fewer than `minAskers` distinct people gave the 👎.
 */
export function dislikedAnswers(entries: readonly FeedbackRow[], minRatings: number, minAskers: number): DislikedAnswer[] {
  return entries
    .filter((e) => e.entryId !== null && e.ratings >= minRatings && e.down > 0)
    .sort((a, b) => b.downRate - a.downRate || b.down - a.down || (a.entryId ?? '').localeCompare(b.entryId ?? ''))
    .map((e) => (e.downUsers < minAskers ? { ...e, downQuestions: [], suppressed: true } : { ...e, suppressed: false }));
}

// ── Peak hours ─────────────────────────────────────────────────────────────────────────────────

/** Indonesian day names, Monday first (ISO day 1). */
export const DAY_NAMES = ['Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', 'Sabtu', 'Minggu'] as const;

export interface HeatCell {
  /** ISO day of week, 1 = Monday … 7 = Sunday. */
  isoDay: number;
  hour: number;
  count: number;
}

/** A full 7 × 24 grid (Monday first, hours 0–23) from the non-empty cells. */
export function heatGrid(cells: readonly HeatCell[]): number[][] {
  const grid = DAY_NAMES.map(() => Array.from({ length: 24 }, () => 0));
  for (const cell of cells) {
    const row = grid[cell.isoDay - 1];
    if (row && cell.hour >= 0 && cell.hour < 24) row[cell.hour] = (row[cell.hour] ?? 0) + cell.count;
  }
  return grid;
}
