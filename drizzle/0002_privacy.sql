-- Keep only the newest rating per query and person before the unique index forbids duplicates.
DELETE FROM "feedback" f USING "feedback" newer WHERE f."query_id" = newer."query_id" AND f."user_key" = newer."user_key" AND (f."created_at", f."id") < (newer."created_at", newer."id");--> statement-breakpoint
CREATE UNIQUE INDEX "feedback_query_user_idx" ON "feedback" USING btree ("query_id","user_key");
