import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { feedback } from '../db/schema.js';
import type { FeedbackRecord } from './types.js';

/** The newest rating per (query, person) in a batch: Postgres refuses to update one row twice in a statement. */
export function latestPerPerson(ratings: readonly FeedbackRecord[]): FeedbackRecord[] {
  const latest = new Map<string, FeedbackRecord>();
  for (const rating of ratings) {
    const key = `${rating.queryId}\u0000${rating.userKey}`;
    const kept = latest.get(key);
    if (!kept || rating.createdAt.getTime() >= kept.createdAt.getTime()) latest.set(key, rating);
  }
  return [...latest.values()];
}

/**
 * One rating per query per person: a later rating replaces the earlier one. A spool replay of an older
 * rating arriving after a newer one changes nothing (`created_at` decides), so replays stay harmless.
 */
export function upsertRatings(db: Db, ratings: readonly FeedbackRecord[]) {
  return db
    .insert(feedback)
    .values(latestPerPerson(ratings))
    .onConflictDoUpdate({
      target: [feedback.queryId, feedback.userKey],
      set: {
        id: sql`excluded.id`,
        createdAt: sql`excluded.created_at`,
        channel: sql`excluded.channel`,
        entryId: sql`excluded.entry_id`,
        rating: sql`excluded.rating`,
      },
      setWhere: sql`excluded.created_at >= ${feedback.createdAt}`,
    });
}
